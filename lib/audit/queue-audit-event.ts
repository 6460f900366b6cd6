// Audit rows for events too frequent to wait on one by one (media.viewed: one per media request,
// dozens per page of photos). Rows wait in memory at most FLUSH_AFTER_MS, or until MAX_ROWS are
// waiting, and go to the database in one INSERT: on SQLite one synced commit per batch instead of
// one per request on the event loop's thread, and no request waits for its row. The cost: a crash
// or a stop loses the rows still waiting (at most FLUSH_AFTER_MS of them) and a batch being
// written. (On SIGTERM `next start` exits as soon as its server has closed, a millisecond later:
// there is no time to write them then.) Changes of state still write their row in their own
// transaction (record-audit-event.ts).
import "server-only";
import { getDbAdapter } from "../db";
import { newId } from "../db/new-id";
import { dateTimeInJson, sqlDialectOf } from "../db/sql-dialect";
import { runGroupedSqlTransaction } from "../db/sql-transaction";
import { Prisma } from "../generated/sqlite/client";
import { getLogger } from "../logger";
import { AUDIT_EVENT } from "./audit-event-table";
import type { AuditEventInput } from "./record-audit-event";

/** How long a row may wait for others before its batch is written. */
export const FLUSH_AFTER_MS = 100;
/** A batch is written at once when this many rows wait (and never holds more). */
export const MAX_ROWS = 200;

export type QueuedAuditEvent = AuditEventInput & { createdAt: Date };

export type AuditQueue = {
  /** Adds the event; it is written within `flushAfterMs`, or at once when `maxRows` wait. Never throws. */
  queue: (event: AuditEventInput) => void;
};

export function createAuditQueue(options: {
  write: (events: QueuedAuditEvent[]) => Promise<void>;
  onWriteFailed: (error: unknown, events: QueuedAuditEvent[]) => void;
  flushAfterMs?: number;
  maxRows?: number;
  now?: () => Date;
}): AuditQueue {
  const flushAfterMs = options.flushAfterMs ?? FLUSH_AFTER_MS;
  const maxRows = options.maxRows ?? MAX_ROWS;
  const now = options.now ?? (() => new Date());
  let waiting: QueuedAuditEvent[] = [];
  let timer: NodeJS.Timeout | undefined;

  const writeWaiting = () => {
    clearTimeout(timer);
    timer = undefined;
    const batch = waiting;
    waiting = [];
    options.write(batch).catch((error: unknown) => options.onWriteFailed(error, batch));
  };

  return {
    queue(event) {
      waiting.push({ ...event, createdAt: now() });
      if (waiting.length >= maxRows) writeWaiting();
      else if (!timer) {
        timer = setTimeout(writeWaiting, flushAfterMs);
        // The queue never keeps a process alive by itself.
        timer.unref();
      }
    },
  };
}

/**
 * One INSERT for the whole batch, its rows read from one JSON parameter (one statement shape
 * however many rows), on the driver adapter: the Prisma client's createMany spends about 0.17 ms
 * of CPU per row, several times this. A row whose actor was deleted while it waited keeps the
 * actor's email without the link, as the foreign key's ON DELETE SET NULL would have left it. A
 * batch that fails is tried once more: a deletion can land between the statement's look-up of the
 * actor and its foreign-key check.
 */
async function writeAuditEvents(events: QueuedAuditEvent[]): Promise<void> {
  const adapter = await getDbAdapter();
  const rows = events.map((event) => ({
    id: newId(),
    actorId: event.actor?.id ?? null,
    actorEmail: event.actor?.email ?? null,
    action: event.action,
    targetType: event.targetType ?? null,
    targetId: event.targetId ?? null,
    detail: event.detail ?? null,
    ipAddress: event.ipAddress ?? null,
    createdAt: dateTimeInJson(event.createdAt),
  }));
  const records = sqlDialectOf(adapter).jsonRecords(JSON.stringify(rows), AUDIT_EVENT.columns);
  const actorId = Prisma.sql`(SELECT "id" FROM "User" WHERE "id" = ${records.fields.actorId})`;
  const insert = Prisma.sql`INSERT INTO ${AUDIT_EVENT.target} SELECT ${AUDIT_EVENT.values({ ...records.fields, actorId })} FROM ${records.from}`;
  // Grouped as ingest's writes are: on SQLite the batch shares their synced commit.
  const write = () => runGroupedSqlTransaction(adapter, (tx) => tx.execute(insert));
  await write().catch(write);
}

let processQueue: AuditQueue | undefined;

function auditQueue(): AuditQueue {
  processQueue ??= createAuditQueue({
    write: writeAuditEvents,
    // Counts and actions only: the rows name people and media.
    onWriteFailed: (error, events) =>
      getLogger().error({ err: error instanceof Error ? error.message : String(error), rows: events.length, actions: [...new Set(events.map((event) => event.action))] }, "audit rows not recorded"),
  });
  return processQueue;
}

/** Records the event within FLUSH_AFTER_MS, batched with others; never throws, never waits. */
export function queueAuditEvent(event: AuditEventInput): void {
  auditQueue().queue(event);
}
