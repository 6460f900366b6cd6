import { getEnv } from "../env";

export function lockedMessage(): string {
  const minutes = getEnv().AUTH_LOCKOUT_MINUTES;
  return `Too many failed sign-ins. Sign-in is paused for this account or network: try again in up to ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}

export const SIGN_IN_UNAVAILABLE = "CareDesk cannot check sign-ins right now. Try again in a moment; if it keeps happening, tell your admin.";

/** Why a single sign-on was refused after the provider said who signed in. */
export const SSO_REFUSALS = ["no_email", "email_unverified", "not_invited", "disabled", "subject_conflict"] as const;
export type SsoRefusal = (typeof SSO_REFUSALS)[number];

export const SSO_REFUSAL_MESSAGES: Record<SsoRefusal, string> = {
  no_email: "Your sign-in provider did not give CareDesk your email address, so CareDesk cannot tell who you are. Ask your admin to check how CareDesk is set up there.",
  email_unverified: "Your sign-in provider says your email address is not verified. Verify it there, then sign in again.",
  not_invited: "You signed in at your company's provider, but nobody has added you to CareDesk yet. Ask a CareDesk admin to add you with your work email address.",
  disabled: "Your CareDesk account is disabled. Ask a CareDesk admin if you need access again.",
  subject_conflict: "Your email address belongs to a CareDesk account that is linked to another identity at your sign-in provider. Ask a CareDesk admin.",
};

export const SSO_CANCELLED = "Signing in at your company's provider was cancelled or refused. Try again, or ask your admin.";

/** A password sign-in when single sign-on is required, by anyone but the break-glass admin. */
export function passwordSignInOffMessage(providerName: string): string {
  return `Password sign-in is turned off for CareDesk: use “Sign in with ${providerName}”. Only the break-glass admin may sign in with a password.`;
}
