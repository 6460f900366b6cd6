// Claims replies whose send is due, for this instance alone: one UPDATE marks them "sending" with a
// lease and counts the attempt. The Message row is the job, on SQLite and PostgreSQL alike; on
// PostgreSQL, SKIP LOCKED lets several instances claim at once without taking the same reply.
import "server-only";
import { getDbAdapter } from "../db";
import { sqlDialectOf } from "../db/sql-dialect";
import { runSqlTransaction } from "../db/sql-transaction";
import { Prisma } from "../generated/sqlite/client";

/** One claimed send; `attempt` (the attempts count it set) fences every later write to the row. */
export type ReplyClaim = { messageId: string; attempt: number };

export async function claimDueReplies(options: { limit: number; leaseMs: number; now?: Date }): Promise<ReplyClaim[]> {
  const now = options.now ?? new Date();
  const adapter = await getDbAdapter();
  const leaseUntil = new Date(now.getTime() + options.leaseMs);
  // In a transaction: on SQLite's one shared connection, a statement outside one could land inside
  // a webhook's open transaction and be rolled back with it.
  const rows = await runSqlTransaction(adapter, (tx) =>
    tx.query<{ id: string; sendAttempts: number | bigint }>(Prisma.sql`
      UPDATE "Message" SET "sendState" = 'sending', "sendLeaseUntil" = ${leaseUntil}, "sendAttempts" = "sendAttempts" + 1
      WHERE "id" IN (
        SELECT "id" FROM "Message"
        WHERE "sendState" = 'queued' AND ("sendNextAttemptAt" IS NULL OR "sendNextAttemptAt" <= ${now})
        ORDER BY "sentAt"
        LIMIT ${options.limit}
        ${sqlDialectOf(adapter).skipLockedRows}
      )
      RETURNING "id", "sendAttempts"`),
  );
  return rows.map((row) => ({ messageId: row.id, attempt: Number(row.sendAttempts) }));
}
