"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { z } from "zod";
import { signOut } from "@/lib/auth/auth";
import { clientAddressOf } from "@/lib/auth/client-address";
import { requireUser } from "@/lib/auth/current-user";
import { endSessions } from "@/lib/auth/end-sessions";
import { idSchema } from "@/lib/db/id-schema";
import { formStateFromError, type FormState } from "@/lib/http/form-state";

const oneSessionSchema = z.object({ sessionId: idSchema });

/** Signs out one of the person's other sessions (endSessions refuses anyone else's). */
export async function endSessionAction(_: FormState, formData: FormData): Promise<FormState> {
  try {
    const user = await requireUser();
    const { sessionId } = oneSessionSchema.parse(Object.fromEntries(formData));
    await endSessions(user, { kind: "one", sessionId }, clientAddressOf(await headers()));
    revalidatePath("/account/sessions");
    return { message: "Signed out: that device has to sign in again." };
  } catch (error) {
    return formStateFromError(error);
  }
}

export async function endOtherSessionsAction(): Promise<FormState> {
  try {
    const user = await requireUser();
    const count = await endSessions(user, { kind: "others" }, clientAddressOf(await headers()));
    revalidatePath("/account/sessions");
    return { message: count === 0 ? "You were signed in nowhere else." : `Signed out everywhere else (${count} ${count === 1 ? "session" : "sessions"}).` };
  } catch (error) {
    return formStateFromError(error);
  }
}

export async function endAllSessionsAction(): Promise<FormState> {
  try {
    const user = await requireUser();
    await endSessions(user, { kind: "all", userId: user.id }, clientAddressOf(await headers()));
  } catch (error) {
    return formStateFromError(error);
  }
  // This session ended with the others: the browser's cookie goes too.
  await signOut({ redirectTo: "/login" });
  return {};
}
