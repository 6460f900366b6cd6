// The one reader of the session cookie Auth.js set at sign-in, for proxy.ts and the gate
// (current-user.ts). Auth.js decides everything about the cookie: the URL the request is for
// (createActionURL, as its own auth() finds it: AUTH_URL, else the forwarded protocol and host),
// hence its name (getToken's secureCookie: `__Secure-` over https), its chunks, salt, decryption
// and expiry. next-auth's auth() would also encrypt a renewed cookie that a page or route handler
// has no way to send; this only reads. Whether the person may still act is decided in
// current-user.ts, every request.
import "server-only";
import { createHash } from "node:crypto";
import { createActionURL } from "@auth/core";
import { headers } from "next/headers";
import { decode, getToken, type JWT, type JWTDecodeParams } from "next-auth/jwt";
import { getEnv } from "../env";
import { resolveAuthSecret } from "./resolve-auth-secret";

/** What the cookie says: who signed in, which sign-in (a Session row), and the person's session version then. */
export type SessionClaims = { userId: string; sessionId: string; sessionVersion: number };

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

// Kept because a decryption is a measurable share of a signed-in request; re-measure with
// `npx tsx --conditions=react-server scripts/bench/session-cookie.ts` (after a build).
const decodeRemembered = rememberingDecoder({ maxEntries: 1_000 });

/**
 * The request as getToken reads it: only the cookie (getToken would also take a Bearer token,
 * which CareDesk never issues), and whether Auth.js names its cookies `__Secure-…` for this
 * request, which it does when the URL it finds for the request is https. Null when that URL cannot
 * be made (a malformed forwarded host): Auth.js could not have set a cookie for it either.
 */
function cookieRequestOf(requestHeaders: Headers): { req: { headers: { cookie: string } }; secureCookie: boolean } | null {
  const cookie = requestHeaders.get("cookie");
  if (!cookie) return null;
  let url: URL;
  try {
    // Called as auth() calls it: createActionURL reads X-Forwarded-Proto itself, with its own default.
    url = createActionURL("session", requestHeaders.get("x-forwarded-proto") as string, requestHeaders, { AUTH_URL: getEnv().AUTH_URL }, {});
  } catch {
    return null;
  }
  return { req: { headers: { cookie } }, secureCookie: url.protocol === "https:" };
}

/** Whether the request carries a session cookie under the name Auth.js uses for it (not whether it is valid). */
export async function hasSessionCookie(requestHeaders: Headers): Promise<boolean> {
  const request = cookieRequestOf(requestHeaders);
  return request !== null && Boolean(await getToken({ ...request, raw: true }));
}

/** The claims of the request's session cookie, or null (none, unreadable, expired, or without a session id). */
export async function readSessionCookie(): Promise<SessionClaims | null> {
  const request = cookieRequestOf(await headers());
  if (!request) return null;
  const token = await getToken({ ...request, secret: resolveAuthSecret(getEnv()), decode: decodeRemembered });
  // Cookies from before sessions were kept on the server carry no `sid`: their holders sign in again.
  if (!token?.sub || typeof token.sid !== "string") return null;
  return { userId: token.sub, sessionId: token.sid, sessionVersion: Number(token.sessionVersion ?? -1) };
}
