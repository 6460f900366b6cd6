import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { LoginForm } from "@/components/auth/login-form";
import { getCurrentUser } from "@/lib/auth/current-user";
import { WRONG_CREDENTIALS } from "@/lib/auth/authenticate";
import { lockedMessage, SIGN_IN_UNAVAILABLE } from "@/lib/auth/sign-in-messages";
import { safeRedirectPath } from "@/lib/auth/safe-redirect-path";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = safeRedirectPath(params.callbackUrl);
  if (await getCurrentUser()) redirect(callbackUrl);
  // Auth.js's own endpoints send refusals back here as ?error=…&code=….
  const initialError =
    params.code === "locked" ? lockedMessage() : params.error === "CredentialsSignin" ? WRONG_CREDENTIALS : params.error ? SIGN_IN_UNAVAILABLE : undefined;
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm rounded-xl border border-slate-200 bg-white p-8 shadow-sm">
        <h1 className="mb-1 text-2xl font-semibold">Sign in to CareDesk</h1>
        <p className="mb-6 text-sm text-slate-600">Your admin gives you access.</p>
        {params.changed === "1" && !initialError ? (
          <p role="status" className="mb-4 rounded-md border border-green-200 bg-green-50 px-3 py-2 text-sm text-green-800">
            Your password was changed. Sign in with the new one.
          </p>
        ) : null}
        <LoginForm callbackUrl={callbackUrl} initialError={initialError} />
      </div>
    </main>
  );
}
