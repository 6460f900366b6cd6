// How people may sign in, from the environment: with a password, with the company's OpenID
// provider (single sign-on), or only with the provider, a password then being for the break-glass
// admin alone.
import { getEnv, type Env } from "../env";

export type OidcSettings = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Shown on the button: "Sign in with <name>". */
  name: string;
  scopes: string;
  groupsClaim: string;
  /** Empty: roles are managed in CareDesk, not by the provider. */
  adminGroups: string[];
  /** Teams follow the provider's groups (a team named like a group); else they are managed in CareDesk. */
  isTeamsFromGroups: boolean;
  /** open: people are created at their first sign-in; invited: only people an admin added. */
  signUp: "open" | "invited";
};

export type SignInMethods = {
  /** Null when single sign-on is not set up. */
  oidc: OidcSettings | null;
  isSsoRequired: boolean;
  /** The one person who may still sign in with a password when single sign-on is required. */
  breakGlassEmail: string | null;
};

export function signInMethods(env: Env = getEnv()): SignInMethods {
  const { AUTH_OIDC_ISSUER: issuer, AUTH_OIDC_CLIENT_ID: clientId, AUTH_OIDC_CLIENT_SECRET: clientSecret } = env;
  const oidc =
    issuer && clientId && clientSecret
      ? {
          issuer,
          clientId,
          clientSecret,
          name: env.AUTH_OIDC_NAME,
          scopes: env.AUTH_OIDC_SCOPES,
          groupsClaim: env.AUTH_OIDC_GROUPS_CLAIM,
          adminGroups: env.AUTH_OIDC_ADMIN_GROUPS,
          isTeamsFromGroups: env.AUTH_OIDC_TEAMS_FROM_GROUPS === "true",
          signUp: env.AUTH_OIDC_SIGN_UP,
        }
      : null;
  // lib/env.ts refuses AUTH_SSO_REQUIRED=true without single sign-on or a break-glass email.
  return { oidc, isSsoRequired: oidc !== null && env.AUTH_SSO_REQUIRED === "true", breakGlassEmail: env.AUTH_BREAK_GLASS_EMAIL ?? null };
}

/** Whether `email` may sign in with a password (everyone, unless single sign-on is required). */
export function canUsePassword(email: string, methods: SignInMethods = signInMethods()): boolean {
  return !methods.isSsoRequired || email.trim().toLowerCase() === methods.breakGlassEmail;
}
