// Stores one status event exactly once and moves the message's current status forward, never
// backwards: statuses arrive out of order and days late. SQL on the driver adapter, like inbound
// messages (lib/db/sql-transaction.ts): status webhooks come at least as often. The rows follow
// written-tables.ts.
import "server-only";
import { createHash } from "node:crypto";
import { getDbAdapter } from "../db";
import { newId } from "../db/new-id";
import { runGroupedSqlTransaction } from "../db/sql-transaction";
import { Prisma } from "../generated/sqlite/client";
import type { StatusUpdate } from "../messages/message-content";
import { webhookEventRow } from "./record-webhook-event";
import { STATUS_EVENT, WEBHOOK_EVENT } from "./written-tables";

export type StatusIngestResult = { outcome: "accepted" | "duplicate"; conversationId: string | null; messageId: string | null };

/** Where a status stands in a message's life; ties in Vonage's timestamp go to the later stage. */
const STATUS_RANK: Record<string, number> = { submitted: 1, delivered: 2, read: 3, rejected: 4, undeliverable: 4 };

function statusesBelow(status: string): string[] {
  const rank = STATUS_RANK[status] ?? 0;
  return Object.keys(STATUS_RANK).filter((other) => STATUS_RANK[other]! < rank);
}

function statusDedupeKey(update: StatusUpdate): string {
  return createHash("sha256").update(`${update.messageUuid}\n${update.status}\n${update.occurredAt.toISOString()}`).digest("hex");
}

export async function ingestStatusUpdate(update: StatusUpdate, rawPayload: string, requestId: string): Promise<StatusIngestResult> {
  const now = new Date();
  const below = statusesBelow(update.status);
  const statusEvent = STATUS_EVENT.values({
    id: newId(),
    dedupeKey: statusDedupeKey(update),
    messageUuid: update.messageUuid,
    status: update.status,
    channel: update.channel,
    fromAddress: update.from,
    toAddress: update.to,
    occurredAt: update.occurredAt,
    error: update.error,
    rawPayload,
    receivedAt: now,
  });
  const webhookEvent = WEBHOOK_EVENT.values(
    webhookEventRow({ kind: "status", requestId, outcome: "accepted", httpStatus: 200, bodyBytes: Buffer.byteLength(rawPayload), messageUuid: update.messageUuid }, now),
  );
  return runGroupedSqlTransaction(await getDbAdapter(), async (tx) => {
    const inserted = await tx.execute(Prisma.sql`INSERT INTO ${STATUS_EVENT.target} VALUES (${statusEvent}) ON CONFLICT ("dedupeKey") DO NOTHING`);
    if (inserted === 0) return { outcome: "duplicate", conversationId: null, messageId: null };
    // Only forward: a later Vonage timestamp, or the same one and a later stage. A reply whose
    // send had no answer (or whose 202 is still on its way) is found by its client_ref, its id.
    const isFailure = update.status === "rejected" || update.status === "undeliverable";
    const moved = await tx.query<{ id: string; conversationId: string }>(Prisma.sql`
      UPDATE "Message" SET "status" = ${update.status}, "statusAt" = ${update.occurredAt},
        "messageUuid" = COALESCE("messageUuid", ${update.messageUuid}),
        "sendState" = CASE WHEN "sendState" IS NULL THEN NULL ELSE 'accepted' END,
        "sendError" = ${isFailure ? update.errorText : null},
        "sendNextAttemptAt" = NULL
      WHERE ("messageUuid" = ${update.messageUuid}${
        update.clientRef ? Prisma.sql` OR ("messageUuid" IS NULL AND "id" = ${update.clientRef} AND "direction" = 'outbound')` : Prisma.empty
      })
        AND ("statusAt" IS NULL OR "statusAt" < ${update.occurredAt}${
          below.length > 0 ? Prisma.sql` OR ("statusAt" = ${update.occurredAt} AND "status" IN (${Prisma.join(below)}))` : Prisma.empty
        })
      RETURNING "id", "conversationId"`);
    await tx.execute(Prisma.sql`INSERT INTO ${WEBHOOK_EVENT.target} VALUES (${webhookEvent})`);
    return { outcome: "accepted", conversationId: moved[0]?.conversationId ?? null, messageId: moved[0]?.id ?? null };
  });
}
