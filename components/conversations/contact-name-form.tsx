"use client";

// The customer's name, as agents call them: saved for every agent, cleared back to the name their
// channel gives when emptied.
import { useActionState } from "react";
import { renameContactAction } from "@/app/(signed-in)/conversations/[conversationId]/rename-contact-action";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";

export function ContactNameForm({ conversationId, name, channelGivenName }: { conversationId: string; name: string | null; channelGivenName: string }) {
  const [state, action, isPending] = useActionState(renameContactAction, {});
  const hasError = Boolean(state.fieldErrors?.name);
  return (
    <form action={action} className="flex flex-col gap-2">
      <input type="hidden" name="conversationId" value={conversationId} />
      <label htmlFor="contact-name-input" className="text-sm font-medium text-slate-700">
        Name
      </label>
      <input
        id="contact-name-input"
        name="name"
        // A refused name stays in the box to be corrected; a saved one comes back from the server.
        key={`${name ?? ""} ${state.values?.name ?? ""}`}
        defaultValue={state.values?.name ?? name ?? ""}
        placeholder={channelGivenName}
        autoComplete="off"
        aria-invalid={hasError || undefined}
        aria-describedby="contact-name-hint"
        className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-indigo-500 aria-invalid:border-red-500"
      />
      <p id="contact-name-hint" className="text-xs text-slate-500">
        Every agent sees it. Leave it empty to show {channelGivenName}.
      </p>
      <Button type="submit" variant="secondary" disabled={isPending} className="self-start">
        {isPending ? "Saving…" : "Save name"}
      </Button>
      <FormMessage state={state} />
    </form>
  );
}
