// The Content-Security-Policy of CareDesk's pages, made per request by proxy.ts. Scripts run only
// with the request's nonce (Next reads it from the policy and puts it on its own scripts), or when
// loaded by one that has it ('strict-dynamic'); everything else comes from CareDesk itself.
// Route handlers set their own headers (media: lib/media/media-headers.ts).
import { randomBytes } from "node:crypto";

export const NONCE_HEADER = "x-nonce";

/** 128 random bits, base64 as a CSP nonce source expects; a new one for every request. */
export function newNonce(): string {
  return randomBytes(16).toString("base64");
}

/**
 * `formActionOrigins`: other origins a form may lead to. The sign-in page's single sign-on form
 * answers with a redirect to the provider, and browsers apply form-action to where it redirects.
 */
export function contentSecurityPolicy(options: { nonce: string; isDevelopment: boolean; isHttps: boolean; formActionOrigins?: string[] }): string {
  const { nonce, isDevelopment, isHttps, formActionOrigins = [] } = options;
  const directives = [
    "default-src 'self'",
    // React's development build rebuilds server error stacks with eval, and Next's development
    // tools inject styles without the nonce; a production build needs neither.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${isDevelopment ? " 'unsafe-eval'" : ""}`,
    isDevelopment ? "style-src 'self' 'unsafe-inline'" : `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' blob: data:",
    "media-src 'self' blob:",
    "connect-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    ["form-action 'self'", ...formActionOrigins].join(" "),
    "frame-ancestors 'none'",
    // Only over https: on plain http (a laptop, the tests) it would send the browser to a port that does not answer.
    ...(isHttps ? ["upgrade-insecure-requests"] : []),
  ];
  return directives.join("; ");
}

/** Whether the browser reached CareDesk over https: AUTH_URL's scheme when set, else X-Forwarded-Proto (Next sets it when no proxy did). */
export function isHttpsRequest(requestHeaders: Headers, authUrl: string | undefined): boolean {
  if (authUrl) return new URL(authUrl).protocol === "https:";
  return requestHeaders.get("x-forwarded-proto")?.split(",")[0]?.trim() === "https";
}
