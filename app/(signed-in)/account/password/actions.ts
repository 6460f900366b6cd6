"use server";

import { AuthError } from "next-auth";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { signIn } from "@/lib/auth/auth";
import { clientAddressOf } from "@/lib/auth/client-address";
import { requireUser } from "@/lib/auth/current-user";
import { formStateFromError, type FormState } from "@/lib/http/form-state";
import { changeOwnPassword } from "@/lib/users/change-own-password";

const formSchema = z.object({ currentPassword: z.string().max(200), newPassword: z.string() });

export async function changePasswordAction(_: FormState, formData: FormData): Promise<FormState> {
  let email: string;
  let newPassword: string;
  try {
    const user = await requireUser({ allowPasswordChange: true });
    const input = formSchema.parse(Object.fromEntries(formData));
    await changeOwnPassword(user, input.currentPassword, input.newPassword, clientAddressOf(await headers()));
    email = user.email;
    newPassword = input.newPassword;
  } catch (error) {
    return formStateFromError(error);
  }
  // Every session of this person ended with the change; this one continues with a fresh cookie.
  try {
    await signIn("credentials", { email, password: newPassword, redirectTo: "/conversations" });
  } catch (error) {
    if (error instanceof AuthError) redirect("/login?changed=1");
    throw error;
  }
  return {};
}
