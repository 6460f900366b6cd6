// Runs before every page request: gives it a request id, a log line and a Content-Security-Policy
// with a fresh nonce, and redirects signed-out visitors of the app's pages to the sign-in page.
// The redirect is a convenience only: every page, action and route checks the user again
// (lib/auth/current-user.ts). API routes log their own line, with the status, through
// lib/http/with-route.ts, and set their own headers.
import { NextResponse, type NextRequest } from "next/server";
import { hasSessionCookie } from "@/lib/auth/session-cookie";
import { signInMethods } from "@/lib/auth/sign-in-methods";
import { getEnv } from "@/lib/env";
import { contentSecurityPolicy, isHttpsRequest, NONCE_HEADER, newNonce } from "@/lib/http/content-security-policy";
import { callerRequestIdFrom, newRequestId, REQUEST_ID_HEADER } from "@/lib/http/request-id";
import { getLogger } from "@/lib/logger";

const SIGNED_IN_AREAS = /^\/(conversations|admin|account)(\/|$)/;

export async function proxy(request: NextRequest) {
  const requestId = newRequestId();
  const callerRequestId = callerRequestIdFrom(request.headers);
  const { pathname, search } = request.nextUrl;
  const { NODE_ENV, AUTH_URL } = getEnv();
  const nonce = newNonce();
  const { oidc } = signInMethods();
  const policy = contentSecurityPolicy({
    nonce,
    isDevelopment: NODE_ENV === "development",
    isHttps: isHttpsRequest(request.headers, AUTH_URL),
    // The single sign-on button's form leads to the provider (without JavaScript, as a redirect).
    formActionOrigins: oidc && pathname === "/login" ? [new URL(oidc.issuer).origin] : [],
  });
  let response: NextResponse;
  if (SIGNED_IN_AREAS.test(pathname) && !(await hasSessionCookie(request.headers))) {
    const login = new URL("/login", request.url);
    login.searchParams.set("callbackUrl", `${pathname}${search}`);
    response = NextResponse.redirect(login);
  } else {
    const headers = new Headers(request.headers);
    headers.set(REQUEST_ID_HEADER, requestId);
    // Next takes the nonce from the policy on the request and puts it on every script it renders;
    // x-nonce is for a page's own <Script> (headers().get("x-nonce")).
    headers.set("content-security-policy", policy);
    headers.set(NONCE_HEADER, nonce);
    response = NextResponse.next({ request: { headers } });
  }
  response.headers.set(REQUEST_ID_HEADER, requestId);
  response.headers.set("content-security-policy", policy);
  getLogger().info({ requestId, callerRequestId, method: request.method, path: pathname, ...(response.status === 307 ? { status: 307, redirect: "/login" } : {}) }, "page request");
  return response;
}

export const config = {
  // Pages only: not API routes (they log themselves), static files, Next's own assets or the app's
  // icon (app/icon.svg, served at /icon.svg), which must load on the sign-in page too.
  matcher: ["/((?!api/|_next/static|_next/image|favicon.ico|icon.svg|.*\\.(?:png|jpg|svg|ico|css|js)$).*)"],
};
