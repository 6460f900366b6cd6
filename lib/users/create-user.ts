import "server-only";
import { recordAuditEvent } from "../audit/record-audit-event";
import { assertAdmin } from "../auth/assert-admin";
import type { CurrentUser } from "../auth/current-user";
import { hashPassword, PASSWORD_MIN_LENGTH } from "../auth/password";
import { canUsePassword, signInMethods } from "../auth/sign-in-methods";
import { getDb } from "../db";
import { isUniqueViolation } from "../db/is-unique-violation";
import { AppError } from "../errors";
import { newUserSchema, type NewUser } from "./user-schemas";

/**
 * Adds a person with a one-time password the admin chose; they pick their own at first sign-in.
 * With single sign-on set up, a person may be added without one: they sign in at the provider.
 * `actor` null is the system (first admin from ADMIN_EMAIL, or the user:create command).
 */
export async function createUser(input: NewUser, actor: CurrentUser | null, options: { mustChangePassword?: boolean } = {}) {
  if (actor) assertAdmin(actor);
  const data = newUserSchema.parse(input);
  const methods = signInMethods();
  if (data.password === undefined && !methods.oidc) {
    throw new AppError("unprocessable", `Passwords need at least ${PASSWORD_MIN_LENGTH} characters.`, { details: { field: "password" } });
  }
  if (data.password !== undefined && actor && !canUsePassword(data.email, methods)) {
    throw new AppError("unprocessable", `Leave the password empty: people sign in with ${methods.oidc!.name}, and only the break-glass admin may use a password.`, {
      details: { field: "password" },
    });
  }
  const passwordHash = data.password === undefined ? null : await hashPassword(data.password);
  try {
    return await getDb().$transaction(async (tx) => {
      const user = await tx.user.create({
        data: { email: data.email, name: data.name, role: data.role, passwordHash, mustChangePassword: passwordHash !== null && (options.mustChangePassword ?? actor !== null) },
        select: { id: true, email: true, role: true, passwordHash: true },
      });
      await recordAuditEvent(
        { actor: actor && { id: actor.id, email: actor.email }, action: "user.created", targetType: "user", targetId: user.id, detail: { email: user.email, role: user.role } },
        tx,
      );
      return { id: user.id, email: user.email, role: user.role, hasPassword: user.passwordHash !== null };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("conflict", `${data.email} already has a CareDesk account.`);
    throw error;
  }
}
