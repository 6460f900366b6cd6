"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import type { FormState } from "@/lib/http/form-state";

type Props = {
  action: (state: FormState, formData: FormData) => Promise<FormState>;
  /** Hidden fields naming what to end, e.g. `{ sessionId: "…" }`. */
  fields?: Record<string, string>;
  /** The button's full name for screen readers ("Sign out Firefox on Linux"). On the button, not the
   * form: a named form is a landmark, and a table of sessions would fill the landmarks list with them. */
  label: string;
  children: React.ReactNode;
  /** Asked before posting, when ending cannot be undone by the person doing it. */
  confirmation?: string;
};

/** One button that ends sessions, posting to one server action, with its outcome beside it. */
export function EndSessionsForm({ action: endAction, fields = {}, label, children, confirmation }: Props) {
  const [state, action, isPending] = useActionState(endAction, {});
  return (
    <form
      action={action}
      className="flex flex-col items-start gap-2"
      onSubmit={(event) => {
        if (confirmation && !window.confirm(confirmation)) event.preventDefault();
      }}
    >
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <Button type="submit" variant="danger" disabled={isPending} aria-label={label}>
        {children}
      </Button>
      <FormMessage state={state} />
    </form>
  );
}
