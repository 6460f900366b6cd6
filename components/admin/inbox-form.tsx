"use client";

import { useActionState } from "react";
import { saveInboxAction } from "@/app/(signed-in)/admin/inboxes/actions";
import { Button } from "@/components/ui/button";
import { Field, TextAreaField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";

/** Adds an inbox, or with `inbox` edits its name and numbers. A refused form keeps what was typed. */
type EditedInbox = { id: string; name: string; kind: string; addresses: string[]; applicationId: string | null; apiKey: string | null; hasSignatureSecret: boolean; hasPrivateKey: boolean };

export function InboxForm({ inbox }: { inbox?: EditedInbox }) {
  const [state, action, isPending] = useActionState(saveInboxAction, {});
  const prefix = inbox ? `inbox-${inbox.id}` : "new-inbox";
  const values = state.values ?? (inbox ? { name: inbox.name, addresses: inbox.addresses.join("\n"), applicationId: inbox.applicationId ?? "", apiKey: inbox.apiKey ?? "" } : undefined);
  const hasOwnApplication = !inbox || inbox.kind === "application";
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
      {hasOwnApplication ? (
        <fieldset className="flex flex-col gap-3 rounded-md border border-slate-200 p-3">
          <legend className="px-1 text-sm font-medium">Its Vonage application (blank: the one from the VONAGE_* variables)</legend>
          <Field id={`${prefix}-application`} name="applicationId" label="Application id" defaultValue={values?.applicationId} error={state.fieldErrors?.applicationId} />
          <Field id={`${prefix}-api-key`} name="apiKey" label="Account API key (webhooks name it)" defaultValue={values?.apiKey} error={state.fieldErrors?.apiKey} />
          <Field
            id={`${prefix}-secret`}
            name="signatureSecret"
            type="password"
            autoComplete="off"
            label={inbox?.hasSignatureSecret ? "Signature secret (stored; blank keeps it)" : "Account signature secret"}
            error={state.fieldErrors?.signatureSecret}
          />
          <TextAreaField
            id={`${prefix}-key`}
            name="privateKey"
            rows={3}
            label={inbox?.hasPrivateKey ? "Private key (stored, never shown; paste a new one to replace it)" : "Application private key (the PEM text of private.key)"}
            error={state.fieldErrors?.privateKey}
          />
        </fieldset>
      ) : null}
      <div>
        <Button type="submit" variant={inbox ? "secondary" : "primary"} disabled={isPending}>
          {isPending ? "Saving…" : inbox ? "Save" : "Add inbox"}
        </Button>
      </div>
    </form>
  );
}
