import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { LoginForm } from "@/components/auth/login-form";
import { SsoSignInButton } from "@/components/auth/sso-sign-in-button";
import { FormMessage } from "@/components/ui/form-message";
import { getCurrentUser } from "@/lib/auth/current-user";
import { safeRedirectPath } from "@/lib/auth/safe-redirect-path";
import { signInErrorMessage } from "@/lib/auth/sign-in-error-message";
import { signInMethods } from "@/lib/auth/sign-in-methods";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = safeRedirectPath(params.callbackUrl);
  if (await getCurrentUser()) redirect(callbackUrl);
  const { oidc, isSsoRequired } = signInMethods();
  // With single sign-on required, the password form is only for the break-glass admin, behind a link.
  const isPasswordShown = !isSsoRequired || params.method === "password";
  // Auth.js's own endpoints and the single sign-on callback send refusals back here as ?error=…&code=….
  const error = signInErrorMessage(params.error, params.code);
  const isErrorInForm = error !== null && error.isAboutPassword && isPasswordShown;
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm rounded-xl border border-slate-200 bg-white p-8 shadow-sm">
        <h1 className="mb-1 text-2xl font-semibold">Sign in to CareDesk</h1>
        <p className="mb-6 text-sm text-slate-600">Your admin gives you access.</p>
        {params.changed === "1" && !error ? (
          <p role="status" className="mb-4 rounded-md border border-green-200 bg-green-50 px-3 py-2 text-sm text-green-800">
            Your password was changed. Sign in with the new one.
          </p>
        ) : null}
        {error && !isErrorInForm ? (
          <div className="mb-4">
            <FormMessage state={{ error: error.message }} />
          </div>
        ) : null}
        {oidc ? <SsoSignInButton providerName={oidc.name} callbackUrl={callbackUrl} /> : null}
        {oidc && isPasswordShown ? (
          <p className="my-5 text-center text-xs uppercase tracking-wide text-slate-500">
            {isSsoRequired ? "Break-glass sign-in: for the named admin only" : "or with your CareDesk password"}
          </p>
        ) : null}
        {isPasswordShown ? <LoginForm callbackUrl={callbackUrl} initialError={isErrorInForm ? error.message : undefined} /> : null}
        {!isPasswordShown ? (
          <p className="mt-6 text-center text-xs">
            <Link href={`/login?${new URLSearchParams({ method: "password", callbackUrl })}`} className="text-slate-500 underline">
              Break-glass sign-in
            </Link>
          </p>
        ) : null}
      </div>
    </main>
  );
}
