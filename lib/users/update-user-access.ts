// The changes an admin makes to another person's access. Each is one transaction with one audit
// row, refuses to leave CareDesk without an enabled admin, and takes effect on the person's very
// next request (the auth gate reads role and status from the database every time).
import "server-only";
import type { AuditAction } from "../audit/audit-actions";
import { recordAuditEvent } from "../audit/record-audit-event";
import { assertAdmin } from "../auth/assert-admin";
import type { CurrentUser, Role } from "../auth/current-user";
import { hashPassword } from "../auth/password";
import { revokeUserSessions } from "../auth/revoke-user-sessions";
import { canUsePassword, signInMethods } from "../auth/sign-in-methods";
import { getDb } from "../db";
import { isWriteConflict, WRITE_CONFLICT_MESSAGE } from "../db/is-write-conflict";
import { AppError } from "../errors";
import { announceAccessChange } from "../live/announce-access-change";
import { guardLastAdmin } from "./guard-last-admin";
import { newPasswordSchemaFor, roleSchema } from "./user-schemas";

type Change =
  | { kind: "role"; role: Role }
  | { kind: "disable" }
  | { kind: "enable" }
  | { kind: "reset_password"; password: string }
  | { kind: "delete" };

const AUDIT_ACTION: Record<Change["kind"], AuditAction> = {
  role: "user.role_changed",
  disable: "user.disabled",
  enable: "user.enabled",
  reset_password: "user.password_reset",
  delete: "user.deleted",
};

/**
 * A one-time password is held to the same policy as any other (it may stay in use for a while),
 * and is only given to someone who may sign in with a password.
 */
async function newPasswordFor(userId: string, password: string): Promise<string> {
  const user = await getDb().user.findUnique({ where: { id: userId }, select: { email: true } });
  if (!user) throw new AppError("not_found", "That person no longer has a CareDesk account.");
  const methods = signInMethods();
  if (!canUsePassword(user.email, methods)) {
    throw new AppError("conflict", `Password sign-in is turned off: ${user.email} signs in with ${methods.oidc!.name}. Only the break-glass admin uses a password.`);
  }
  return newPasswordSchemaFor(user.email).parse(password);
}

export async function updateUserAccess(actor: CurrentUser, userId: string, change: Change): Promise<void> {
  assertAdmin(actor);
  if (change.kind === "role") roleSchema.parse(change.role);
  const passwordHash = change.kind === "reset_password" ? await hashPassword(await newPasswordFor(userId, change.password)) : null;
  if (userId === actor.id && (change.kind === "disable" || change.kind === "delete")) {
    throw new AppError("conflict", `You cannot ${change.kind} your own account: ask another admin.`);
  }

  // Serializable: two admins demoting each other at once must not both pass the last-admin check.
  await getDb().$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId } });
    if (!user) throw new AppError("not_found", "That person no longer has a CareDesk account.");
    const losesAdmin = change.kind === "disable" || change.kind === "delete" || (change.kind === "role" && change.role !== "admin");
    if (losesAdmin) await guardLastAdmin(tx, userId);

    if (change.kind === "delete") {
      await tx.user.delete({ where: { id: userId } });
    } else {
      await tx.user.update({
        where: { id: userId },
        data:
          change.kind === "role"
            ? { role: change.role }
            : change.kind === "disable"
              ? { isDisabled: true, sessionVersion: { increment: 1 } }
              : change.kind === "enable"
                ? { isDisabled: false }
                : // A reset ends every session of that person and asks them for a new password.
                  { passwordHash, mustChangePassword: true, sessionVersion: { increment: 1 } },
      });
      if (change.kind === "disable" || change.kind === "reset_password") await revokeUserSessions(tx, userId);
    }
    await recordAuditEvent(
      {
        actor: { id: actor.id, email: actor.email },
        action: AUDIT_ACTION[change.kind],
        targetType: "user",
        targetId: userId,
        detail: { email: user.email, ...(change.kind === "role" ? { from: user.role, to: change.role } : {}) },
      },
      tx,
    );
  }, { isolationLevel: "Serializable" }).catch((error: unknown) => {
    if (isWriteConflict(error)) throw new AppError("conflict", WRITE_CONFLICT_MESSAGE, { cause: error });
    throw error;
  });
  // Their open live streams re-check now, rather than at their next periodic check.
  if (change.kind !== "enable") await announceAccessChange(userId);
}
