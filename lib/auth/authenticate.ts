// Checks an email and password for sign-in, with the throttle and the audit trail. Every refusal
// says the same thing whether or not the account exists; a paused one evaluates no password, nor
// does one made while single sign-on is required (except by the break-glass admin).
import "server-only";
import { z } from "zod";
import { recordAuditEvent } from "../audit/record-audit-event";
import { getDb } from "../db";
import { AppError } from "../errors";
import { verifyPassword } from "./password";
import { lockedMessage, passwordSignInOffMessage } from "./sign-in-messages";
import { canUsePassword, signInMethods } from "./sign-in-methods";
import { claimPasswordAttempt, delayAfterFailure, recordPasswordFailure, recordPasswordSuccess, throttleKeys } from "./throttle-sign-in";

const signInSchema = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email()),
  password: z.string().min(1).max(200),
});

export type AuthenticatedUser = { id: string; email: string; role: string; sessionVersion: number };

export const WRONG_CREDENTIALS = "Email or password is incorrect.";

export async function authenticate(credentials: unknown, clientAddress: string): Promise<AuthenticatedUser> {
  const parsed = signInSchema.safeParse(credentials);
  if (!parsed.success) throw new AppError("unauthenticated", WRONG_CREDENTIALS);
  const { email, password } = parsed.data;
  // With single sign-on required, only the break-glass admin's password is even looked at.
  const methods = signInMethods();
  if (!canUsePassword(email, methods)) {
    await recordAuditEvent({ actor: null, action: "auth.sign_in_failed", detail: { email, reason: "sso_required" }, ipAddress: clientAddress });
    throw new AppError("forbidden", passwordSignInOffMessage(methods.oidc!.name));
  }
  const keys = throttleKeys(email, clientAddress);
  const now = new Date();

  if (!(await claimPasswordAttempt(keys, now))) {
    await recordAuditEvent({ actor: null, action: "auth.sign_in_refused", detail: { email, reason: "locked" }, ipAddress: clientAddress });
    throw new AppError("rate_limited", lockedMessage());
  }

  const user = await getDb().user.findUnique({ where: { email } });
  const isValid = await verifyPassword(password, user?.passwordHash ?? null);
  if (!user || !isValid || user.isDisabled) {
    const { failures, isPaused } = await recordPasswordFailure(keys, now);
    await recordAuditEvent({
      actor: user ? { id: user.id, email: user.email } : null,
      action: "auth.sign_in_failed",
      detail: { email, reason: !user ? "unknown_email" : !isValid ? "wrong_password" : "disabled" },
      ipAddress: clientAddress,
    });
    await delayAfterFailure(failures);
    throw isPaused ? new AppError("rate_limited", lockedMessage()) : new AppError("unauthenticated", WRONG_CREDENTIALS);
  }

  await recordPasswordSuccess(keys);
  await getDb().user.update({ where: { id: user.id }, data: { lastSignInAt: now } });
  await recordAuditEvent({ actor: { id: user.id, email: user.email }, action: "auth.sign_in", detail: { method: "password" }, ipAddress: clientAddress });
  return { id: user.id, email: user.email, role: user.role, sessionVersion: user.sessionVersion };
}
