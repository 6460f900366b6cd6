// Auth.js (next-auth v5) for CareDesk: email + password, sessions in an encrypted JWT cookie.
// The cookie only says who signed in and which session version they got; who they are *now*
// (enabled? which role?) is read from the database on every request by lib/auth/current-user.ts.
import "server-only";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { getEnv } from "../env";
import { isAppError } from "../errors";
import { getLogger } from "../logger";
import { authenticate } from "./authenticate";
import { clientAddressOf } from "./client-address";
import { resolveAuthSecret } from "./resolve-auth-secret";

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
    session: { strategy: "jwt", maxAge: 12 * 60 * 60, updateAge: 60 * 60 },
    pages: { signIn: "/login", error: "/login" },
    providers: [
      Credentials({
        credentials: { email: { type: "email" }, password: { type: "password" } },
        async authorize(credentials, request) {
          try {
            const user = await authenticate(credentials, clientAddressOf(request.headers));
            return { id: user.id, email: user.email, sessionVersion: user.sessionVersion };
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
          token.sub = user.id;
          token.sessionVersion = (user as { sessionVersion?: number }).sessionVersion ?? 0;
        }
        return token;
      },
      session({ session, token }) {
        return { ...session, user: { ...session.user, id: token.sub ?? "" }, sessionVersion: Number(token.sessionVersion ?? -1) };
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
