"use client";

import { useActionState } from "react";
import { saveInboxAction } from "@/app/(signed-in)/admin/inboxes/actions";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { TextAreaField } from "@/components/ui/text-area-field";

/** Adds an inbox, or with `inbox` edits its name and numbers. A refused form keeps what was typed. */
export function InboxForm({ inbox }: { inbox?: { id: string; name: string; kind: string; addresses: string[] } }) {
  const [state, action, isPending] = useActionState(saveInboxAction, {});
  const prefix = inbox ? `inbox-${inbox.id}` : "new-inbox";
  const values = state.values ?? (inbox ? { name: inbox.name, addresses: inbox.addresses.join("\n") } : undefined);
  return (
    <form
      action={action}
      aria-label={inbox ? `Edit ${inbox.name}` : "Add an inbox"}
      className={inbox ? "mt-2 flex min-w-80 flex-col gap-3" : "flex flex-col gap-4 rounded-xl border border-slate-200 bg-white p-5 shadow-sm"}
    >
      {inbox ? <input type="hidden" name="inboxId" value={inbox.id} /> : <h2 className="text-lg font-semibold">Add an inbox</h2>}
      <FormMessage state={state} />
      <Field id={`${prefix}-name`} name="name" label="Name (e.g. WhatsApp orders)" defaultValue={values?.name} required error={state.fieldErrors?.name} />
      {inbox?.kind === "unrouted" ? (
        <input type="hidden" name="addresses" value="" />
      ) : (
        <TextAreaField
          id={`${prefix}-addresses`}
          name="addresses"
          label="Numbers and channel ids it serves, one per line (digits without +, as Vonage writes them)"
          rows={3}
          defaultValue={values?.addresses}
          error={state.fieldErrors?.addresses}
        />
      )}
      <div>
        <Button type="submit" variant={inbox ? "secondary" : "primary"} disabled={isPending}>
          {isPending ? "Saving…" : inbox ? "Save" : "Add inbox"}
        </Button>
      </div>
    </form>
  );
}
