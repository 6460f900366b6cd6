import "server-only";
import { recordAuditEvent } from "../audit/record-audit-event";
import { assertAdmin } from "../auth/assert-admin";
import type { CurrentUser } from "../auth/current-user";
import { hashPassword } from "../auth/password";
import { getDb } from "../db";
import { isUniqueViolation } from "../db/is-unique-violation";
import { AppError } from "../errors";
import { newUserSchema, type NewUser } from "./user-schemas";

/**
 * Adds a person with a one-time password the admin chose; they pick their own at first sign-in.
 * `actor` null is the system (first admin from ADMIN_EMAIL, or the user:create command).
 */
export async function createUser(input: NewUser, actor: CurrentUser | null, options: { mustChangePassword?: boolean } = {}) {
  if (actor) assertAdmin(actor);
  const data = newUserSchema.parse(input);
  const passwordHash = await hashPassword(data.password);
  try {
    return await getDb().$transaction(async (tx) => {
      const user = await tx.user.create({
        data: { email: data.email, name: data.name, role: data.role, passwordHash, mustChangePassword: options.mustChangePassword ?? actor !== null },
        select: { id: true, email: true, role: true },
      });
      await recordAuditEvent(
        { actor: actor && { id: actor.id, email: actor.email }, action: "user.created", targetType: "user", targetId: user.id, detail: { email: user.email, role: user.role } },
        tx,
      );
      return user;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("conflict", `${data.email} already has a CareDesk account.`);
    throw error;
  }
}
