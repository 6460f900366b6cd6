"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { z } from "zod";
import { clientAddressOf } from "@/lib/auth/client-address";
import { requireAdmin } from "@/lib/auth/current-user";
import { endSessions } from "@/lib/auth/end-sessions";
import { idSchema } from "@/lib/db/id-schema";
import { formStateFromError, type FormState } from "@/lib/http/form-state";
import { createUser } from "@/lib/users/create-user";
import { updateUserAccess } from "@/lib/users/update-user-access";
import { newUserSchema, passwordSchema, roleSchema } from "@/lib/users/user-schemas";


export async function addUserAction(_: FormState, formData: FormData): Promise<FormState> {
  try {
    const actor = await requireAdmin();
    const input = newUserSchema.parse(Object.fromEntries(formData));
    const user = await createUser(input, actor);
    revalidatePath("/admin/users");
    return {
      message: user.hasPassword
        ? `${user.email} can now sign in with the one-time password you chose; they will pick their own at first sign-in.`
        : `${user.email} can now sign in with single sign-on.`,
    };
  } catch (error) {
    return formStateFromError(error);
  }
}

const changeSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("role"), userId: idSchema, role: roleSchema }),
  z.object({ kind: z.literal("disable"), userId: idSchema }),
  z.object({ kind: z.literal("enable"), userId: idSchema }),
  z.object({ kind: z.literal("reset_password"), userId: idSchema, password: passwordSchema }),
  z.object({ kind: z.literal("delete"), userId: idSchema }),
]);

const DONE: Record<z.infer<typeof changeSchema>["kind"], string> = {
  role: "Role changed.",
  disable: "Disabled: their open sessions are refused from their next request.",
  enable: "Enabled.",
  reset_password: "Password reset: their sessions have ended and they will choose a new password at sign-in.",
  delete: "Deleted.",
};

export async function changeUserAction(_: FormState, formData: FormData): Promise<FormState> {
  try {
    const actor = await requireAdmin();
    const change = changeSchema.parse(Object.fromEntries(formData));
    await updateUserAccess(actor, change.userId, change);
    revalidatePath("/admin/users");
    return { message: DONE[change.kind] };
  } catch (error) {
    return formStateFromError(error);
  }
}

const personSchema = z.object({ userId: idSchema });

/** Signs a person out everywhere; they can sign in again (disable them to keep them out). */
export async function endUserSessionsAction(_: FormState, formData: FormData): Promise<FormState> {
  try {
    const actor = await requireAdmin();
    const { userId } = personSchema.parse(Object.fromEntries(formData));
    const count = await endSessions(actor, { kind: "all", userId }, clientAddressOf(await headers()));
    revalidatePath("/admin/users");
    return { message: count === 0 ? "No session was open." : `Ended ${count} ${count === 1 ? "session" : "sessions"}: they sign in again to continue.` };
  } catch (error) {
    return formStateFromError(error);
  }
}
