import type { Prisma } from "../generated/sqlite/client";
import { AppError } from "../errors";

/**
 * Refuses a change that would leave CareDesk without an enabled admin. Call inside the
 * transaction that makes the change, with the user it would take away from the admins.
 */
export async function guardLastAdmin(tx: Prisma.TransactionClient, losingUserId: string): Promise<void> {
  const user = await tx.user.findUnique({ where: { id: losingUserId } });
  if (!user || user.role !== "admin" || user.isDisabled) return;
  const otherAdmins = await tx.user.count({ where: { role: "admin", isDisabled: false, id: { not: losingUserId } } });
  if (otherAdmins === 0) {
    throw new AppError("conflict", "CareDesk needs at least one enabled admin: make someone else an admin first.");
  }
}
