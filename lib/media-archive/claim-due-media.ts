// Claims media items whose copy is due, for this instance alone: one UPDATE sets their lease and
// counts the attempt. The MediaItem row is the job (no queue beside it), on SQLite and PostgreSQL
// alike; on PostgreSQL, SKIP LOCKED lets several instances claim at once without taking the same
// row or waiting on each other.
import "server-only";
import { getDbAdapter } from "../db";
import { sqlDialectOf } from "../db/sql-dialect";
import { runSqlTransaction } from "../db/sql-transaction";
import { Prisma } from "../generated/sqlite/client";

/** One claimed copy; `attempt` (the attempts count it set) fences every later write to the row. */
export type MediaClaim = { mediaItemId: string; attempt: number };

export async function claimDueMedia(options: { limit: number; leaseMs: number; now?: Date }): Promise<MediaClaim[]> {
  const now = options.now ?? new Date();
  const adapter = await getDbAdapter();
  const leaseUntil = new Date(now.getTime() + options.leaseMs);
  // In a transaction: on SQLite's one shared connection, a statement outside one could land inside
  // a webhook's open transaction and be rolled back with it.
  const rows = await runSqlTransaction(adapter, (tx) =>
    tx.query<{ id: string; archiveAttempts: number | bigint }>(Prisma.sql`
      UPDATE "MediaItem" SET "archiveLeaseUntil" = ${leaseUntil}, "archiveAttempts" = "archiveAttempts" + 1
      WHERE "id" IN (
        SELECT "id" FROM "MediaItem"
        WHERE "archiveState" IN ('pending', 'failed')
          AND ("archiveNextAttemptAt" IS NULL OR "archiveNextAttemptAt" <= ${now})
          AND ("archiveLeaseUntil" IS NULL OR "archiveLeaseUntil" < ${now})
        ORDER BY "createdAt"
        LIMIT ${options.limit}
        ${sqlDialectOf(adapter).skipLockedRows}
      )
      RETURNING "id", "archiveAttempts"`),
  );
  return rows.map((row) => ({ mediaItemId: row.id, attempt: Number(row.archiveAttempts) }));
}
