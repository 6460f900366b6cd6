// Every WebhookEvent row is made here, by webhookEventRow: the event ingest stores with each
// accepted message or status (in the same transaction or statement), the one recordWebhookEvent
// stores for a duplicate or a refused request, and the one storeWebhookEvent stores for an
// unreadable status webhook.
import "server-only";
import type { RowOf } from "../db/define-table";
import { getDbAdapter } from "../db";
import { newId } from "../db/new-id";
import { runGroupedSqlTransaction } from "../db/sql-transaction";
import { Prisma } from "../generated/sqlite/client";
import { getLogger } from "../logger";
import { WEBHOOK_EVENT } from "./written-tables";

/** Bodies of refused requests are kept up to this size, so an operator can see what was sent. */
export const REFUSED_BODY_LIMIT = 16 * 1024;

export type WebhookEventInput = {
  kind: "inbound" | "status";
  requestId: string;
  /** "unreadable": answered 200 and kept, but CareDesk could not parse it (flagged for an admin). */
  outcome: "accepted" | "duplicate" | "rejected" | "unreadable";
  httpStatus: number;
  reason?: string;
  bodyBytes: number;
  body?: string;
  messageUuid?: string;
};

export function webhookEventRow(event: WebhookEventInput, receivedAt: Date): RowOf<typeof WEBHOOK_EVENT> {
  return {
    id: newId(),
    kind: event.kind,
    requestId: event.requestId,
    outcome: event.outcome,
    httpStatus: event.httpStatus,
    reason: event.reason,
    bodyBytes: event.bodyBytes,
    // An unreadable status webhook's body has no other copy: it is kept whole.
    body: event.outcome === "unreadable" ? event.body : event.body?.slice(0, REFUSED_BODY_LIMIT),
    messageUuid: event.messageUuid,
    receivedAt,
  };
}

/** Stores one event, or throws: for an unreadable status webhook the event is all that is kept. */
export async function storeWebhookEvent(event: WebhookEventInput): Promise<void> {
  // Grouped like ingest's writes: on SQLite it shares their commit instead of waiting for its own.
  await runGroupedSqlTransaction(await getDbAdapter(), (tx) => tx.execute(Prisma.sql`INSERT INTO ${WEBHOOK_EVENT.target} VALUES (${WEBHOOK_EVENT.values(webhookEventRow(event, new Date()))})`));
}

/**
 * Records one webhook request in the event log. Never throws: when the database is down the
 * request's log line (with its request id) is the only trace, and Vonage retries anyway.
 */
export async function recordWebhookEvent(event: WebhookEventInput): Promise<void> {
  try {
    await storeWebhookEvent(event);
  } catch (error) {
    getLogger().warn({ requestId: event.requestId, err: error instanceof Error ? error.message : String(error) }, "webhook event not recorded");
  }
}
