import "server-only";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { CurrentUser } from "../auth/current-user";
import { hashPassword, verifyPassword } from "../auth/password";
import { getDb } from "../db";
import { AppError } from "../errors";
import { passwordSchema } from "./user-schemas";

/** A person sets their own password; every other session of theirs ends. */
export async function changeOwnPassword(user: CurrentUser, currentPassword: string, newPassword: string): Promise<void> {
  const password = passwordSchema.parse(newPassword);
  const stored = await getDb().user.findUnique({ where: { id: user.id }, select: { passwordHash: true } });
  if (!(await verifyPassword(currentPassword, stored?.passwordHash ?? null))) {
    throw new AppError("unprocessable", "Your current password is not right.", { details: { field: "currentPassword" } });
  }
  if (currentPassword === password) {
    throw new AppError("unprocessable", "Choose a password different from the current one.", { details: { field: "newPassword" } });
  }
  const passwordHash = await hashPassword(password);
  await getDb().$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { passwordHash, mustChangePassword: false, sessionVersion: { increment: 1 } } });
    await recordAuditEvent({ actor: { id: user.id, email: user.email }, action: "user.password_changed", targetType: "user", targetId: user.id }, tx);
  });
}
