// Stores one status event exactly once and moves the message's current status forward, never
// backwards: statuses arrive out of order and days late.
import "server-only";
import { createHash } from "node:crypto";
import { getDb } from "../db";
import { isUniqueViolation } from "../db/is-unique-violation";
import type { StatusUpdate } from "./message-content";

export type StatusIngestResult = { outcome: "accepted" | "duplicate"; conversationId: string | null };

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
        where: { messageUuid: update.messageUuid, OR: [{ statusAt: null }, { statusAt: { lte: update.occurredAt } }] },
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
