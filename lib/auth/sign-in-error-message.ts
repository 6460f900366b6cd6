// The words for a refused sign-in, from the code Auth.js or CareDesk put on the way back to the
// sign-in page (?error=…&code=…). Only fixed messages: nothing from the URL is shown.
import "server-only";
import { WRONG_CREDENTIALS } from "./authenticate";
import { lockedMessage, passwordSignInOffMessage, SIGN_IN_UNAVAILABLE, SSO_CANCELLED, SSO_REFUSAL_MESSAGES, SSO_REFUSALS, type SsoRefusal } from "./sign-in-messages";
import { signInMethods } from "./sign-in-methods";

export type SignInErrorMessage = { message: string; isAboutPassword: boolean };

export function signInErrorMessage(error: unknown, code: unknown): SignInErrorMessage | null {
  if (code === "locked") return { message: lockedMessage(), isAboutPassword: true };
  if (code === "sso_required") return { message: passwordSignInOffMessage(signInMethods().oidc?.name ?? "single sign-on"), isAboutPassword: true };
  if (error === "CredentialsSignin") return { message: WRONG_CREDENTIALS, isAboutPassword: true };
  if (error === "SsoRefused" && SSO_REFUSALS.includes(code as SsoRefusal)) return { message: SSO_REFUSAL_MESSAGES[code as SsoRefusal], isAboutPassword: false };
  // The provider sent the person back with an error (they cancelled, or it refused them).
  if (error === "OAuthCallbackError") return { message: SSO_CANCELLED, isAboutPassword: false };
  // Anything else (the database down, the provider unreachable, a misconfiguration) is not the person's fault.
  if (error) return { message: SIGN_IN_UNAVAILABLE, isAboutPassword: false };
  return null;
}
