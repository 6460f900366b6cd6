// Claims replies whose send is due, for this instance alone: one UPDATE marks them "sending" with a
// lease and counts the attempt. The Message row is the job, on SQLite and PostgreSQL alike; on
// PostgreSQL, SKIP LOCKED lets several instances claim at once without taking the same reply.
import "server-only";
import { getDbAdapter } from "../db";
import { sqlDialectOf } from "../db/sql-dialect";
import { querySql, runSqlTransaction } from "../db/sql-transaction";
import { Prisma } from "../generated/sqlite/client";

/** One claimed send, with what sending it needs; `attempt` (the attempts count it set) fences every later write to the row. */
export type ReplyClaim = { messageId: string; attempt: number; conversationId: string; rawPayload: string; sendOptions: unknown };

type ClaimedRow = { id: string; sendAttempts: number | bigint; conversationId: string; rawPayload: string; sendOptions: unknown };

export async function claimDueReplies(options: { limit: number; leaseMs: number; now?: Date }): Promise<ReplyClaim[]> {
  const now = options.now ?? new Date();
  const adapter = await getDbAdapter();
  const leaseUntil = new Date(now.getTime() + options.leaseMs);
  const dialect = sqlDialectOf(adapter);
  const statement = Prisma.sql`
      UPDATE "Message" SET "sendState" = 'sending', "sendLeaseUntil" = ${leaseUntil}, "sendAttempts" = "sendAttempts" + 1
      WHERE "id" IN (
        SELECT "id" FROM "Message"
        WHERE "sendState" = 'queued' AND ("sendNextAttemptAt" IS NULL OR "sendNextAttemptAt" <= ${now})
        ORDER BY "sentAt"
        LIMIT ${options.limit}
        ${dialect.skipLockedRows}
      )
      RETURNING "id", "sendAttempts", "conversationId", "rawPayload", "sendOptions"`;
  // One statement is atomic on its own, and on its own connection a round trip rather than three
  // (BEGIN, UPDATE, COMMIT), each waiting for an event loop that is rendering the agent's page.
  // On a shared connection (SQLite) it goes in a transaction: outside one it could land inside a
  // webhook's open transaction and be rolled back with it.
  const rows = dialect.isConnectionShared ? await runSqlTransaction(adapter, (tx) => tx.query<ClaimedRow>(statement)) : await querySql<ClaimedRow>(adapter, statement);
  return rows.map((row) => ({
    messageId: row.id,
    attempt: Number(row.sendAttempts),
    conversationId: row.conversationId,
    rawPayload: row.rawPayload,
    // Raw SQL hands JSON back as text on SQLite.
    sendOptions: typeof row.sendOptions === "string" ? JSON.parse(row.sendOptions) : row.sendOptions,
  }));
}
