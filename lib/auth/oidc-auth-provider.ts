// The company's OpenID provider as an Auth.js provider: authorization code with PKCE, state and
// nonce; the ID token's claims are what CareDesk reads (lib/auth/sign-in-with-oidc.ts). The
// redirect URI to register at the provider is <AUTH_URL>/api/auth/callback/oidc.
import "server-only";
import { customFetch } from "next-auth";
import type { OIDCConfig } from "next-auth/providers";
import { fetchFromProvider } from "./fetch-from-provider";
import type { OidcSettings } from "./sign-in-methods";

export const OIDC_PROVIDER_ID = "oidc";

export function oidcAuthProvider(settings: OidcSettings): OIDCConfig<Record<string, unknown>> {
  return {
    id: OIDC_PROVIDER_ID,
    name: settings.name,
    type: "oidc",
    issuer: settings.issuer,
    clientId: settings.clientId,
    clientSecret: settings.clientSecret,
    checks: ["pkce", "state", "nonce"],
    authorization: { params: { scope: settings.scopes } },
    // Auth.js's user only carries the subject; signInWithOidc reads every claim itself.
    profile: (claims) => ({ id: typeof claims.sub === "string" ? claims.sub : undefined }),
    [customFetch]: fetchFromProvider,
  };
}
