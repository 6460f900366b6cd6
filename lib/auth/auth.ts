// Auth.js (next-auth v5) for CareDesk: email + password and, when set up, single sign-on at the
// company's OpenID provider; sessions in an encrypted JWT cookie. Either way the cookie only says
// who signed in, which sign-in (a Session row) and which session version they got; whether that
// session is still open and who they are *now* (enabled? which role?) is read from the database on
// every request by lib/auth/current-user.ts. Auth.js's own session endpoint, which would renew the
// cookie, is replaced by app/api/auth/session/route.ts.
import "server-only";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { getEnv } from "../env";
import { isAppError } from "../errors";
import { getLogger } from "../logger";
import { authenticate } from "./authenticate";
import { clientAddressOf, UNKNOWN_CLIENT_ADDRESS } from "./client-address";
import { endSession } from "./end-session";
import { OIDC_PROVIDER_ID, oidcAuthProvider } from "./oidc-auth-provider";
import { resolveAuthSecret } from "./resolve-auth-secret";
import { signInMethods } from "./sign-in-methods";
import { signInWithOidc, SsoSignInRefused } from "./sign-in-with-oidc";
import { startSession } from "./start-session";

type SignInRefusalCode = "invalid" | "locked" | "sso_required";

/** Carries CareDesk's refusal (wrong credentials, paused, password sign-in off) to the sign-in form as a code. */
class SignInRefused extends CredentialsSignin {
  constructor(code: SignInRefusalCode, readonly reason: string) {
    super(reason);
    this.code = code;
  }
}

const REFUSAL_CODES: Partial<Record<string, SignInRefusalCode>> = { rate_limited: "locked", forbidden: "sso_required" };

/** What the logs may say of an Auth.js error: names and messages (never a token, secret or claim), one cause deep. */
function describeAuthError(error: Error): Record<string, string> {
  const cause = (error.cause as { err?: unknown } | undefined)?.err ?? error.cause;
  return { name: error.name, message: error.message, ...(cause instanceof Error ? { cause: `${cause.name}: ${cause.message}` } : {}) };
}

export const { handlers, signIn, signOut } = NextAuth((request) => {
  const env = getEnv();
  const methods = signInMethods(env);
  // Only Auth.js's own endpoints (the provider's callback among them) come with a request.
  const clientAddress = request ? clientAddressOf(request.headers) : UNKNOWN_CLIENT_ADDRESS;
  return {
    secret: resolveAuthSecret(env),
    trustHost: true,
    // The cookie lives as long as the absolute limit, and is never renewed (nothing re-issues it).
    session: { strategy: "jwt", maxAge: Math.floor(env.AUTH_SESSION_MAX_MINUTES * 60) },
    pages: { signIn: "/login", error: "/login" },
    providers: [
      Credentials({
        credentials: { email: { type: "email" }, password: { type: "password" } },
        async authorize(credentials, request) {
          try {
            const clientAddress = clientAddressOf(request.headers);
            const user = await authenticate(credentials, clientAddress);
            const sessionId = await startSession(user.id, { userAgent: request.headers.get("user-agent"), clientAddress });
            return { id: user.id, email: user.email, sessionVersion: user.sessionVersion, sessionId };
          } catch (error) {
            if (isAppError(error)) throw new SignInRefused(REFUSAL_CODES[error.code] ?? "invalid", error.message);
            throw error;
          }
        },
      }),
      ...(methods.oidc ? [oidcAuthProvider(methods.oidc)] : []),
    ],
    callbacks: {
      // After the provider's ID token checked out: CareDesk decides who comes in, as what, and
      // starts the session. Without a database adapter Auth.js hands this same `user` object to
      // the jwt callback, which puts the session in the cookie as for passwords.
      async signIn({ user, account, profile }) {
        if (account?.provider !== OIDC_PROVIDER_ID) return true;
        try {
          const signedIn = await signInWithOidc(profile, clientAddress, methods);
          Object.assign(user, { ...signedIn, sessionId: await startSession(signedIn.id, { userAgent: request?.headers.get("user-agent") ?? null, clientAddress }) });
          return true;
        } catch (error) {
          if (error instanceof SsoSignInRefused) return `/login?${new URLSearchParams({ error: "SsoRefused", code: error.reason })}`;
          throw error;
        }
      },
      jwt({ token, user }) {
        if (user) {
          const signedIn = user as { sessionVersion?: number; sessionId?: string };
          // No cookie without a CareDesk session behind it, whichever way the person signed in.
          if (typeof signedIn.sessionId !== "string") throw new Error("sign-in without a CareDesk session");
          token.sub = user.id;
          token.sid = signedIn.sessionId;
          token.sessionVersion = signedIn.sessionVersion ?? 0;
        }
        return token;
      },
    },
    events: {
      // Both ways of signing out (the header's button, POST /api/auth/signout) end up here.
      async signOut(message) {
        const sessionId = "token" in message ? message.token?.sid : undefined;
        if (typeof sessionId === "string") await endSession(sessionId);
      },
    },
    logger: {
      error(error: Error) {
        // Refused sign-ins are expected and audited; anything else is worth a line (no secrets).
        if (error instanceof CredentialsSignin || error.name === "CredentialsSignin") return;
        getLogger().error(describeAuthError(error), "auth error");
      },
      warn(code: string) {
        getLogger().warn({ code }, "auth warning");
      },
      debug() {},
    },
  };
});
