import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { LoginForm } from "@/components/auth/login-form";
import { getCurrentUser } from "@/lib/auth/current-user";
import { WRONG_CREDENTIALS } from "@/lib/auth/authenticate";
import { lockedMessage } from "@/lib/auth/sign-in-messages";
import { safeRedirectPath } from "@/lib/auth/safe-redirect-path";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = safeRedirectPath(params.callbackUrl);
  if (await getCurrentUser()) redirect(callbackUrl);
  // Auth.js's own endpoints send refusals back here as ?error=…&code=….
  const initialError = params.code === "locked" ? lockedMessage() : params.error ? WRONG_CREDENTIALS : undefined;
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm rounded-xl border border-slate-200 bg-white p-8 shadow-sm">
        <h1 className="mb-1 text-2xl font-semibold">Sign in to CareDesk</h1>
        <p className="mb-6 text-sm text-slate-600">Your admin gives you access.</p>
        <LoginForm callbackUrl={callbackUrl} initialError={initialError} />
      </div>
    </main>
  );
}
