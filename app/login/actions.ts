"use server";

import { AuthError, CredentialsSignin } from "next-auth";
import { signIn } from "@/lib/auth/auth";
import { WRONG_CREDENTIALS } from "@/lib/auth/authenticate";
import { lockedMessage, SIGN_IN_UNAVAILABLE } from "@/lib/auth/sign-in-messages";
import { safeRedirectPath } from "@/lib/auth/safe-redirect-path";
import type { FormState } from "@/lib/http/form-state";

export async function signInAction(_: FormState, formData: FormData): Promise<FormState> {
  try {
    await signIn("credentials", {
      email: String(formData.get("email") ?? ""),
      password: String(formData.get("password") ?? ""),
      redirectTo: safeRedirectPath(formData.get("callbackUrl")),
    });
  } catch (error) {
    if (error instanceof CredentialsSignin) return { error: error.code === "locked" ? lockedMessage() : WRONG_CREDENTIALS };
    // Anything else (the database down, a misconfiguration) is not the person's fault.
    if (error instanceof AuthError) return { error: SIGN_IN_UNAVAILABLE };
    throw error; // Next's redirect after a successful sign-in
  }
  return {};
}
