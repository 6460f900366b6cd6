"use client";

import { useActionState } from "react";
import { changePasswordAction } from "@/app/(signed-in)/account/password/actions";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";

export function ChangePasswordForm() {
  const [state, action, isPending] = useActionState(changePasswordAction, {});
  return (
    <form action={action} className="flex flex-col gap-4">
      <FormMessage state={state} />
      <Field id="currentPassword" name="currentPassword" type="password" label="Current password" autoComplete="current-password" required error={state.fieldErrors?.currentPassword} />
      <Field id="newPassword" name="newPassword" type="password" label="New password (10+ characters)" autoComplete="new-password" required error={state.fieldErrors?.newPassword} />
      <Button type="submit" disabled={isPending}>
        {isPending ? "Saving…" : "Save new password"}
      </Button>
    </form>
  );
}
