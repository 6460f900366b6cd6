// A person sets their own password. The current password is checked under the same throttle as
// sign-in (it is as good a place to guess it), and every failure or refusal is audited.
import "server-only";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { CurrentUser } from "../auth/current-user";
import { hashPassword, verifyPassword } from "../auth/password";
import { revokeUserSessions } from "../auth/revoke-user-sessions";
import { lockedMessage } from "../auth/sign-in-messages";
import { claimPasswordAttempt, delayAfterFailure, recordPasswordFailure, recordPasswordSuccess, throttleKeys } from "../auth/throttle-sign-in";
import { getDb } from "../db";
import { AppError } from "../errors";
import { passwordChangeRefusal, passwordStateOf } from "./password-state";
import { newPasswordSchemaFor } from "./user-schemas";

/** Sets `user`'s password after checking their current one; every other session of theirs ends. */
export async function changeOwnPassword(user: CurrentUser, currentPassword: string, newPassword: string, clientAddress: string): Promise<void> {
  // Nothing to check a current password against, or no use for a new one: refused before the
  // throttle counts anything. (A password added from a session alone would outlive the person's
  // removal at the sign-in provider.)
  const refusal = passwordChangeRefusal(await passwordStateOf(user));
  if (refusal) throw new AppError("conflict", refusal, { details: { field: "currentPassword" } });
  const password = newPasswordSchemaFor(user.email).parse(newPassword);
  const keys = throttleKeys(user.email, clientAddress);
  const actor = { id: user.id, email: user.email };
  const now = new Date();

  if (!(await claimPasswordAttempt(keys, now))) {
    await recordAuditEvent({ actor, action: "auth.password_check_refused", detail: { email: user.email, reason: "locked" }, ipAddress: clientAddress });
    throw new AppError("rate_limited", lockedMessage(), { details: { field: "currentPassword" } });
  }
  const stored = await getDb().user.findUnique({ where: { id: user.id }, select: { passwordHash: true } });
  if (!(await verifyPassword(currentPassword, stored?.passwordHash ?? null))) {
    const { failures, isPaused } = await recordPasswordFailure(keys, now);
    await recordAuditEvent({ actor, action: "auth.password_check_failed", detail: { email: user.email, reason: "wrong_password" }, ipAddress: clientAddress });
    await delayAfterFailure(failures);
    if (isPaused) throw new AppError("rate_limited", lockedMessage(), { details: { field: "currentPassword" } });
    throw new AppError("unprocessable", "Your current password is not right.", { details: { field: "currentPassword" } });
  }
  await recordPasswordSuccess(keys);

  if (currentPassword === password) {
    throw new AppError("unprocessable", "Choose a password different from the current one.", { details: { field: "newPassword" } });
  }
  const passwordHash = await hashPassword(password);
  await getDb().$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { passwordHash, mustChangePassword: false, sessionVersion: { increment: 1 } } });
    await revokeUserSessions(tx, user.id);
    await recordAuditEvent({ actor, action: "user.password_changed", targetType: "user", targetId: user.id }, tx);
  });
}
