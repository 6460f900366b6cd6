"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import type { FormState } from "@/lib/http/form-state";

type Props = {
  action: (state: FormState, formData: FormData) => Promise<FormState>;
  /** The hidden field naming the row, e.g. `{ templateId: "…" }`. */
  fields: Record<string, string>;
  /** What the form deletes, for screen readers and the confirmation ("/greeting"). */
  label: string;
  confirmation: string;
};

/** A Delete button that asks first, posting to one server action. */
export function DeleteForm({ action: deleteAction, fields, label, confirmation }: Props) {
  const [state, action, isPending] = useActionState(deleteAction, {});
  return (
    <form
      action={action}
      aria-label={`Delete ${label}`}
      className="flex flex-col items-start gap-2"
      onSubmit={(event) => {
        if (!window.confirm(confirmation)) event.preventDefault();
      }}
    >
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <Button type="submit" variant="danger" disabled={isPending}>
        Delete
      </Button>
      <FormMessage state={state} />
    </form>
  );
}
