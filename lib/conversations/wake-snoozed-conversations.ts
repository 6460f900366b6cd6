// Reopens snoozed conversations whose time has come, each with one "woke" activity row (no actor:
// CareDesk did it), in one transaction. The UPDATE picks and changes the rows in one statement and
// re-checks the status as it writes, so of several instances waking at once only one wakes each
// conversation (on PostgreSQL, SKIP LOCKED also keeps them from waiting on each other), and a
// conversation an agent reopened or resolved meanwhile is left as they left it.
import "server-only";
import { getDbAdapter } from "../db";
import { newId } from "../db/new-id";
import { sqlDialectOf } from "../db/sql-dialect";
import { runSqlTransaction } from "../db/sql-transaction";
import { Prisma } from "../generated/sqlite/client";

/** Answers the ids of the conversations it woke (at most `limit`), for their live updates. */
export async function wakeSnoozedConversations(options: { limit: number; now?: Date }): Promise<string[]> {
  const now = options.now ?? new Date();
  const adapter = await getDbAdapter();
  return runSqlTransaction(adapter, async (tx) => {
    const woken = await tx.query<{ id: string }>(Prisma.sql`
      UPDATE "Conversation" SET "status" = 'open', "snoozedUntil" = NULL, "updatedAt" = ${now}
      WHERE "status" = 'snoozed' AND "id" IN (
        SELECT "id" FROM "Conversation"
        WHERE "status" = 'snoozed' AND "snoozedUntil" <= ${now}
        ORDER BY "snoozedUntil"
        LIMIT ${options.limit}
        ${sqlDialectOf(adapter).skipLockedRows}
      )
      RETURNING "id"`);
    if (woken.length === 0) return [];
    const rows = woken.map(({ id }) => Prisma.sql`(${newId()}, ${id}, NULL, 'woke', ${"{}"}, ${now})`);
    await tx.execute(Prisma.sql`
      INSERT INTO "ConversationActivity" ("id", "conversationId", "actorId", "kind", "detail", "createdAt")
      VALUES ${Prisma.join(rows)}`);
    return woken.map(({ id }) => id);
  });
}
