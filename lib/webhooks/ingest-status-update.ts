// Stores one status event exactly once and moves the message's current status forward, never
// backwards: statuses arrive out of order and days late.
import "server-only";
import { createHash } from "node:crypto";
import { getDb } from "../db";
import { isUniqueViolation } from "../db/is-unique-violation";
import type { StatusUpdate } from "./message-content";

export type StatusIngestResult = { outcome: "accepted" | "duplicate"; conversationId: string | null };

/** Where a status stands in a message's life; ties in Vonage's timestamp go to the later stage. */
const STATUS_RANK: Record<string, number> = { submitted: 1, delivered: 2, read: 3, rejected: 4, undeliverable: 4 };

function statusesBelow(status: string): string[] {
  const rank = STATUS_RANK[status] ?? 0;
  return Object.keys(STATUS_RANK).filter((other) => STATUS_RANK[other]! < rank);
}

export function statusDedupeKey(update: StatusUpdate): string {
  return createHash("sha256").update(`${update.messageUuid}\n${update.status}\n${update.occurredAt.toISOString()}`).digest("hex");
}

export async function ingestStatusUpdate(update: StatusUpdate, rawPayload: string, requestId: string): Promise<StatusIngestResult> {
  const db = getDb();
  try {
    return await db.$transaction(async (tx) => {
      await tx.statusEvent.create({
        data: {
          dedupeKey: statusDedupeKey(update),
          messageUuid: update.messageUuid,
          status: update.status,
          channel: update.channel,
          fromAddress: update.from,
          toAddress: update.to,
          occurredAt: update.occurredAt,
          error: update.error ?? undefined,
          rawPayload,
        },
      });
      const moved = await tx.message.updateMany({
        where: {
          messageUuid: update.messageUuid,
          OR: [
            { statusAt: null },
            { statusAt: { lt: update.occurredAt } },
            { statusAt: update.occurredAt, status: { in: statusesBelow(update.status) } },
          ],
        },
        data: { status: update.status, statusAt: update.occurredAt },
      });
      const message = moved.count > 0 ? await tx.message.findUnique({ where: { messageUuid: update.messageUuid }, select: { conversationId: true } }) : null;
      await tx.webhookEvent.create({
        data: { kind: "status", requestId, outcome: "accepted", httpStatus: 200, bodyBytes: Buffer.byteLength(rawPayload), messageUuid: update.messageUuid },
      });
      return { outcome: "accepted" as const, conversationId: message?.conversationId ?? null };
    });
  } catch (error) {
    if (isUniqueViolation(error)) return { outcome: "duplicate", conversationId: null };
    throw error;
  }
}
