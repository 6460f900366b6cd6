"use client";

import { useActionState, useState } from "react";
import { changeUserAction } from "@/app/(signed-in)/admin/users/actions";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";

/** `canResetPassword`: false when single sign-on is required and this is not the break-glass admin. */
type Props = { userId: string; email: string; role: string; isDisabled: boolean; isSelf: boolean; canResetPassword: boolean };

/** The changes an admin can make to one person, each a small form posting to one server action. */
export function UserActions({ userId, email, role, isDisabled, isSelf, canResetPassword }: Props) {
  const [state, action, isPending] = useActionState(changeUserAction, {});
  const [isResetOpen, setResetOpen] = useState(false);
  return (
    <div className="flex flex-col gap-2">
      <div className="flex flex-wrap items-center gap-2">
        <form action={action} className="flex items-center gap-2">
          <input type="hidden" name="kind" value="role" />
          <input type="hidden" name="userId" value={userId} />
          <label className="sr-only" htmlFor={`role-${userId}`}>
            Role of {email}
          </label>
          <select id={`role-${userId}`} name="role" defaultValue={role} className="rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm">
            <option value="agent">agent</option>
            <option value="admin">admin</option>
          </select>
          <Button type="submit" variant="secondary" disabled={isPending}>
            Save role
          </Button>
        </form>
        {!isSelf ? (
          <form action={action} aria-label={`${isDisabled ? "Enable" : "Disable"} ${email}`}>
            <input type="hidden" name="kind" value={isDisabled ? "enable" : "disable"} />
            <input type="hidden" name="userId" value={userId} />
            <Button type="submit" variant={isDisabled ? "secondary" : "danger"} disabled={isPending}>
              {isDisabled ? "Enable" : "Disable"}
            </Button>
          </form>
        ) : null}
        {canResetPassword ? (
          <Button type="button" variant="secondary" onClick={() => setResetOpen(!isResetOpen)} aria-expanded={isResetOpen}>
            Reset password
          </Button>
        ) : null}
        {!isSelf ? (
          <form
            action={action}
            onSubmit={(event) => {
              if (!window.confirm(`Delete ${email}? Their audit trail is kept.`)) event.preventDefault();
            }}
          >
            <input type="hidden" name="kind" value="delete" />
            <input type="hidden" name="userId" value={userId} />
            <Button type="submit" variant="danger" disabled={isPending}>
              Delete
            </Button>
          </form>
        ) : null}
      </div>
      {isResetOpen && canResetPassword ? (
        <form action={action} className="flex flex-wrap items-center gap-2">
          <input type="hidden" name="kind" value="reset_password" />
          <input type="hidden" name="userId" value={userId} />
          <label className="sr-only" htmlFor={`reset-${userId}`}>
            New one-time password for {email}
          </label>
          <input
            id={`reset-${userId}`}
            name="password"
            type="password"
            autoComplete="new-password"
            placeholder="New one-time password"
            className="rounded-md border border-slate-300 px-2 py-1.5 text-sm"
          />
          <Button type="submit" variant="secondary" disabled={isPending}>
            Set password
          </Button>
        </form>
      ) : null}
      <FormMessage state={state} />
    </div>
  );
}
