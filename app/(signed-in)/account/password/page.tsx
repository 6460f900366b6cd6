import type { Metadata } from "next";
import { AccountNav } from "@/components/account/account-nav";
import { ChangePasswordForm } from "@/components/auth/change-password-form";
import { requireUser } from "@/lib/auth/current-user";
import { passwordChangeRefusal, passwordStateOf } from "@/lib/users/password-state";

export const metadata: Metadata = { title: "Your password" };

export default async function PasswordPage() {
  const user = await requireUser({ allowPasswordChange: true });
  const refusal = passwordChangeRefusal(await passwordStateOf(user));
  return (
    <main className="mx-auto max-w-md px-4 py-10">
      {/* Until they choose their own password, the rest of the account is closed to them. */}
      {user.mustChangePassword ? null : <AccountNav current="/account/password" />}
      <h1 className="mb-2 text-2xl font-semibold">Your password</h1>
      {refusal ? (
        <p role="status" className="text-sm text-slate-700">
          {refusal}
        </p>
      ) : (
        <>
          {user.mustChangePassword ? (
            <p role="status" className="mb-6 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
              An admin set a one-time password for you. Choose your own to continue.
            </p>
          ) : (
            <p className="mb-6 text-sm text-slate-600">Changing it signs you out everywhere else.</p>
          )}
          <ChangePasswordForm />
        </>
      )}
    </main>
  );
}
