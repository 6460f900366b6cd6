// The fetch Auth.js uses for the single sign-on provider (lib/auth/oidc-auth-provider.ts).
import "server-only";
import { isLoopbackUrl } from "../http/is-loopback-url";

const PROVIDER_TIMEOUT_MS = 10_000;

/**
 * Every call to the provider (discovery, token, keys). Auth.js allows plain http to any host; this
 * allows it only to this machine, so a discovery document naming http endpoints elsewhere cannot
 * send the client secret or a code in the clear. A provider that does not answer fails the sign-in
 * instead of holding it.
 */
export async function fetchFromProvider(input: string | URL | Request, init?: RequestInit): Promise<Response> {
  const url = new URL(input instanceof Request ? input.url : input);
  if (url.protocol !== "https:" && !isLoopbackUrl(url)) {
    throw new TypeError(`CareDesk calls the sign-in provider only over https (asked for ${url.protocol}//${url.host})`);
  }
  return fetch(input, { ...init, signal: init?.signal ?? AbortSignal.timeout(PROVIDER_TIMEOUT_MS) });
}
