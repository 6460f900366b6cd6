import "server-only";
import type { getDb } from "../db";
import type { Prisma } from "../generated/sqlite/client";

type Writer = Pick<ReturnType<typeof getDb>, "session"> | Prisma.TransactionClient;

/**
 * Ends a person's open sessions (all, or all but one), inside the caller's transaction; answers how
 * many it ended. Ending them by row, not only by bumping User.sessionVersion, keeps the lists of
 * open sessions (/account/sessions, /admin/users) true.
 */
export async function revokeUserSessions(writer: Writer, userId: string, options: { exceptSessionId?: string; now?: Date } = {}): Promise<number> {
  const { count } = await writer.session.updateMany({
    where: { userId, revokedAt: null, ...(options.exceptSessionId ? { id: { not: options.exceptSessionId } } : {}) },
    data: { revokedAt: options.now ?? new Date() },
  });
  return count;
}
