// Reads the session cookie Auth.js set at sign-in. next-auth's `auth()` runs Auth.js's whole
// session endpoint on every call: it decrypts the cookie, then encrypts a renewed one that a page
// or route handler has no way to send (about 4 ms of crypto per request on two shared cores). This
// decrypts with Auth.js's own `getToken` (same cookie names, salt, chunking and expiry check) and
// remembers the claims of each cookie until the cookie expires, so a cookie is decrypted once per
// server process. Whether the person may still act is decided in current-user.ts, every request.
import "server-only";
import { createHash } from "node:crypto";
import { headers } from "next/headers";
import { decode, getToken, type JWT, type JWTDecodeParams } from "next-auth/jwt";
import { getEnv } from "../env";
import { resolveAuthSecret } from "./resolve-auth-secret";

type SessionClaims = { userId: string; sessionVersion: number };

type Remembered = { token: JWT; expiresAtMs: number };

/** Decrypts each cookie once; bounded (the least recently used forgotten first), nothing kept past its `exp`. */
export function rememberingDecoder(options: { maxEntries: number; now?: () => number; decodeToken?: (params: JWTDecodeParams) => Promise<JWT | null> }) {
  const now = options.now ?? Date.now;
  const decodeToken = options.decodeToken ?? decode;
  const remembered = new Map<string, Remembered>();
  return async function rememberingDecode(params: JWTDecodeParams): Promise<JWT | null> {
    // Keyed by a hash, so the heap holds no usable cookie; the salt is the cookie's name.
    const key = createHash("sha256").update(params.salt).update("\0").update(params.token ?? "").digest("base64url");
    const hit = remembered.get(key);
    remembered.delete(key);
    if (hit && hit.expiresAtMs > now()) {
      remembered.set(key, hit); // now the most recently used
      return hit.token;
    }
    const token = await decodeToken(params);
    if (token && typeof token.exp === "number") {
      if (remembered.size >= options.maxEntries) remembered.delete(remembered.keys().next().value!);
      remembered.set(key, { token, expiresAtMs: token.exp * 1000 });
    }
    return token;
  };
}

const decodeRemembered = rememberingDecoder({ maxEntries: 1_000 });

/**
 * Whether Auth.js names the session cookie `__Secure-…` for this request, decided as Auth.js
 * decides it (AUTH_URL, else X-Forwarded-Proto, which Next sets when a proxy has not): over https
 * only the `__Secure-` cookie counts, over http only the plain one.
 */
function usesSecureCookie(requestHeaders: Headers): boolean {
  const configuredUrl = getEnv().AUTH_URL;
  if (configuredUrl) return new URL(configuredUrl).protocol === "https:";
  return (requestHeaders.get("x-forwarded-proto") ?? "https").replace(/:$/, "") === "https";
}

/** The signed-in user's id and session version from the request's cookie, or null. */
export async function readSessionCookie(): Promise<SessionClaims | null> {
  const requestHeaders = await headers();
  const cookie = requestHeaders.get("cookie");
  if (!cookie) return null;
  const token = await getToken({
    // Only the cookie: getToken would also take a Bearer token, which CareDesk never issues.
    req: { headers: { cookie } },
    secret: resolveAuthSecret(getEnv()),
    secureCookie: usesSecureCookie(requestHeaders),
    decode: decodeRemembered,
  });
  if (!token?.sub) return null;
  return { userId: token.sub, sessionVersion: Number(token.sessionVersion ?? -1) };
}
