// The columns webhook ingestion writes with its own SQL, table by table (the VALUES in
// ingest-inbound-message.ts and ingest-status-update.ts follow this order). Every NOT NULL column
// must be written here: Prisma applies cuid(), now() and @updatedAt in the client, not in the
// database, and SQLite's own CURRENT_TIMESTAMP default is not the format Prisma writes.
// written-columns.integration.test.ts checks these lists against the migrated databases.
import { Prisma } from "../generated/sqlite/client";

export const WRITTEN_COLUMNS = {
  Contact: ["id", "channel", "address", "profileName", "createdAt", "updatedAt"],
  Conversation: ["id", "contactId", "channel", "businessNumber", "status", "isUnread", "lastMessageAt", "lastMessagePreview", "createdAt", "updatedAt"],
  Message: [
    "id",
    "messageUuid",
    "conversationId",
    "direction",
    "channel",
    "messageType",
    "fromAddress",
    "toAddress",
    "text",
    "content",
    "replyToMessageUuid",
    "clientRef",
    "rawPayload",
    "sentAt",
    "receivedAt",
  ],
  MediaItem: ["id", "messageId", "position", "kind", "vonageUrl", "caption", "fileName", "createdAt"],
  StatusEvent: ["id", "dedupeKey", "messageUuid", "status", "channel", "fromAddress", "toAddress", "occurredAt", "error", "rawPayload", "receivedAt"],
  WebhookEvent: ["id", "kind", "requestId", "outcome", "httpStatus", "bodyBytes", "messageUuid", "receivedAt"],
} as const;

export type WrittenTable = keyof typeof WRITTEN_COLUMNS;

/** `"a", "b", …` for an INSERT's column list. */
export function columnsOf(table: WrittenTable): Prisma.Sql {
  return Prisma.raw(WRITTEN_COLUMNS[table].map((column) => `"${column}"`).join(", "));
}
