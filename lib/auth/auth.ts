// Auth.js (next-auth v5) for CareDesk: email + password, sessions in an encrypted JWT cookie.
// The cookie only says who signed in, which sign-in (a Session row) and which session version they
// got; whether that session is still open and who they are *now* (enabled? which role?) is read
// from the database on every request by lib/auth/current-user.ts. Auth.js's own session endpoint,
// which would renew the cookie, is replaced by app/api/auth/session/route.ts.
import "server-only";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { getEnv } from "../env";
import { isAppError } from "../errors";
import { getLogger } from "../logger";
import { authenticate } from "./authenticate";
import { clientAddressOf } from "./client-address";
import { endSession } from "./end-session";
import { resolveAuthSecret } from "./resolve-auth-secret";
import { startSession } from "./start-session";

/** Carries CareDesk's refusal (wrong credentials, or paused) to the sign-in form as a code. */
class SignInRefused extends CredentialsSignin {
  constructor(code: "invalid" | "locked", readonly reason: string) {
    super(reason);
    this.code = code;
  }
}

export const { handlers, signIn, signOut } = NextAuth(() => {
  const env = getEnv();
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
            if (isAppError(error)) throw new SignInRefused(error.code === "rate_limited" ? "locked" : "invalid", error.message);
            throw error;
          }
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) {
          const signedIn = user as { sessionVersion?: number; sessionId?: string };
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
        getLogger().error({ name: error.name, message: error.message }, "auth error");
      },
      warn(code: string) {
        getLogger().warn({ code }, "auth warning");
      },
      debug() {},
    },
  };
});
