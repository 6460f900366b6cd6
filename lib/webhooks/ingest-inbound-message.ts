// Stores one inbound message exactly once: its contact, its conversation (created, or updated and
// reopened), the message with its raw JSON, and each media item, in one transaction.
import "server-only";
import type { Prisma } from "../generated/sqlite/client";
import { describeMessage } from "../conversations/describe-message";
import { getDb } from "../db";
import { isUniqueViolation } from "../db/is-unique-violation";
import type { InboundMessage } from "./message-content";

export type IngestResult = { outcome: "accepted" | "duplicate"; messageId: string; conversationId: string };

/** Concurrent first messages from one customer can race to create the contact: retry. */
const ATTEMPTS = 3;

export async function ingestInboundMessage(message: InboundMessage, rawPayload: string, requestId: string): Promise<IngestResult> {
  const db = getDb();
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.$transaction(async (tx) => {
        // No look-up first: the unique message_uuid decides, and a second delivery fails the
        // insert below (P2002), which is answered as a duplicate.
        const contact = await tx.contact.upsert({
          where: { channel_address: { channel: message.channel, address: message.from } },
          create: { channel: message.channel, address: message.from, profileName: message.profileName },
          update: message.profileName ? { profileName: message.profileName } : {},
        });
        const preview = describeMessage(message);
        const conversation = await tx.conversation.upsert({
          where: { contactId_businessNumber_channel: { contactId: contact.id, businessNumber: message.to, channel: message.channel } },
          create: {
            contactId: contact.id,
            channel: message.channel,
            businessNumber: message.to,
            lastMessageAt: message.sentAt,
            lastMessagePreview: preview,
          },
          // A new message from the customer reopens a resolved conversation and marks it unread.
          update: { status: "open", resolvedAt: null, isUnread: true },
        });
        // Messages can arrive out of order: only a newer one moves the preview (a conversation
        // created just now already has this message's time and preview).
        const isNewer = conversation.lastMessageAt.getTime() < message.sentAt.getTime() || (conversation.lastMessageAt.getTime() === message.sentAt.getTime() && conversation.lastMessagePreview !== preview);
        if (isNewer) {
          await tx.conversation.updateMany({
            where: { id: conversation.id, lastMessageAt: { lte: message.sentAt } },
            data: { lastMessageAt: message.sentAt, lastMessagePreview: preview },
          });
        }
        const created = await tx.message.create({
          data: {
            messageUuid: message.messageUuid,
            conversationId: conversation.id,
            direction: "inbound",
            channel: message.channel,
            messageType: message.messageType,
            fromAddress: message.from,
            toAddress: message.to,
            text: message.text,
            // Parsed from JSON, so it is JSON again.
            content: (message.content ?? undefined) as Prisma.InputJsonValue | undefined,
            replyToMessageUuid: message.replyToMessageUuid,
            clientRef: message.clientRef,
            rawPayload,
            sentAt: message.sentAt,
            media: {
              create: message.media.map((part, position) => ({
                position,
                kind: part.kind,
                vonageUrl: part.url,
                caption: part.caption,
                fileName: part.fileName,
              })),
            },
          },
          select: { id: true },
        });
        await tx.webhookEvent.create({
          data: { kind: "inbound", requestId, outcome: "accepted", httpStatus: 200, bodyBytes: Buffer.byteLength(rawPayload), messageUuid: message.messageUuid },
        });
        return { outcome: "accepted" as const, messageId: created.id, conversationId: conversation.id };
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const existing = await db.message.findUnique({ where: { messageUuid: message.messageUuid }, select: { id: true, conversationId: true } });
      if (existing) return { outcome: "duplicate", messageId: existing.id, conversationId: existing.conversationId };
      // The same new customer raced in from another delivery and won the contact row: again.
      if (attempt >= ATTEMPTS) throw error;
    }
  }
}
