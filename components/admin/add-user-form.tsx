"use client";

import { useActionState } from "react";
import { addUserAction } from "@/app/(signed-in)/admin/users/actions";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";

/** `ssoName`: the single sign-on provider's name when it is set up (a password is then optional). */
export function AddUserForm({ ssoName, isSsoRequired }: { ssoName: string | null; isSsoRequired: boolean }) {
  const [state, action, isPending] = useActionState(addUserAction, {});
  return (
    <form action={action} className="grid gap-4 rounded-xl border border-slate-200 bg-white p-5 shadow-sm sm:grid-cols-2" aria-label="Add a person">
      <h2 className="text-lg font-semibold sm:col-span-2">Add a person</h2>
      <div className="sm:col-span-2">
        <FormMessage state={state} />
      </div>
      <Field id="new-email" name="email" type="email" label="Email" required error={state.fieldErrors?.email} />
      <Field id="new-name" name="name" label="Name (optional)" error={state.fieldErrors?.name} />
      <div className="flex flex-col gap-1">
        <label htmlFor="new-role" className="text-sm font-medium text-slate-700">
          Role
        </label>
        <select id="new-role" name="role" defaultValue="agent" className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm">
          <option value="agent">Agent: reads and works conversations</option>
          <option value="admin">Admin: also manages people</option>
        </select>
      </div>
      <Field
        id="new-password"
        name="password"
        type="password"
        label={
          ssoName === null
            ? "One-time password (10+ characters)"
            : isSsoRequired
              ? `One-time password: only for the break-glass admin (others sign in with ${ssoName})`
              : `One-time password (10+ characters), or empty: they sign in with ${ssoName}`
        }
        autoComplete="new-password"
        required={ssoName === null}
        error={state.fieldErrors?.password}
      />
      <div className="sm:col-span-2">
        <Button type="submit" disabled={isPending}>
          {isPending ? "Adding…" : "Add person"}
        </Button>
      </div>
    </form>
  );
}
