"use server";

import { AuthError, CredentialsSignin } from "next-auth";
import { redirect } from "next/navigation";
import { signIn } from "@/lib/auth/auth";
import { OIDC_PROVIDER_ID } from "@/lib/auth/oidc-auth-provider";
import { safeRedirectPath } from "@/lib/auth/safe-redirect-path";
import { signInErrorMessage } from "@/lib/auth/sign-in-error-message";
import { SIGN_IN_UNAVAILABLE } from "@/lib/auth/sign-in-messages";
import type { FormState } from "@/lib/http/form-state";

export async function signInAction(_: FormState, formData: FormData): Promise<FormState> {
  try {
    await signIn("credentials", {
      email: String(formData.get("email") ?? ""),
      password: String(formData.get("password") ?? ""),
      redirectTo: safeRedirectPath(formData.get("callbackUrl")),
    });
  } catch (error) {
    if (error instanceof CredentialsSignin) return { error: signInErrorMessage("CredentialsSignin", error.code)?.message };
    // Anything else (the database down, a misconfiguration) is not the person's fault.
    if (error instanceof AuthError) return { error: SIGN_IN_UNAVAILABLE };
    throw error; // Next's redirect after a successful sign-in
  }
  return {};
}

/** Sends the person to the company's sign-in provider; they come back to /api/auth/callback/oidc. */
export async function signInWithSsoAction(formData: FormData): Promise<void> {
  try {
    // Auth.js answers a provider it cannot reach with a redirect to /login?error=…, which says so.
    await signIn(OIDC_PROVIDER_ID, { redirectTo: safeRedirectPath(formData.get("callbackUrl")) });
  } catch (error) {
    if (error instanceof AuthError) redirect("/login?error=SsoUnavailable");
    throw error; // Next's redirect to the provider
  }
}
