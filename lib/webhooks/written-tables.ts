// The tables webhook ingest writes with its own SQL (lib/db/sql-transaction.ts), one definition
// each: the columns written, in the order every INSERT lists them, and the kind of value each
// takes. A column added to a table is added here, and TypeScript then asks each writer for it.
//
// Every NOT NULL column is written: Prisma applies cuid(), now() and @updatedAt in the client,
// not in the database, and SQLite's own CURRENT_TIMESTAMP default is not the format Prisma
// writes. written-tables.integration.test.ts checks these definitions against the migrated databases.
import "server-only";
import { defineTable } from "../db/define-table";
import { dateTime, integer, optionalJson, optionalText, text } from "../db/sql-dialect";

export const CONTACT = defineTable("Contact", {
  id: text,
  channel: text,
  address: text,
  profileName: optionalText,
  createdAt: dateTime,
  updatedAt: dateTime,
});

export const CONVERSATION = defineTable("Conversation", {
  id: text,
  inboxId: text,
  contactId: text,
  channel: text,
  businessNumber: text,
  status: text,
  priority: text,
  lastMessageAt: dateTime,
  lastInboundAt: dateTime,
  lastMessagePreview: text,
  createdAt: dateTime,
  updatedAt: dateTime,
});

export const MESSAGE = defineTable("Message", {
  id: text,
  // Never null for what webhooks store (only replies and notes go without).
  messageUuid: text,
  conversationId: text,
  direction: text,
  channel: text,
  messageType: text,
  fromAddress: text,
  toAddress: text,
  text: optionalText,
  content: optionalJson,
  replyToMessageUuid: optionalText,
  clientRef: optionalText,
  rawPayload: text,
  sentAt: dateTime,
  receivedAt: dateTime,
  /** Replies only; 0 for what webhooks store. */
  sendAttempts: integer,
});

export const MEDIA_ITEM = defineTable("MediaItem", {
  id: text,
  messageId: text,
  position: integer,
  kind: text,
  vonageUrl: text,
  caption: optionalText,
  fileName: optionalText,
  createdAt: dateTime,
  archiveState: text,
  archiveAttempts: integer,
});

export const STATUS_EVENT = defineTable("StatusEvent", {
  id: text,
  dedupeKey: text,
  messageUuid: text,
  status: text,
  channel: text,
  fromAddress: text,
  toAddress: text,
  occurredAt: dateTime,
  error: optionalJson,
  rawPayload: text,
  receivedAt: dateTime,
});

export const WEBHOOK_EVENT = defineTable("WebhookEvent", {
  id: text,
  kind: text,
  requestId: text,
  outcome: text,
  httpStatus: integer,
  reason: optionalText,
  bodyBytes: integer,
  body: optionalText,
  messageUuid: optionalText,
  receivedAt: dateTime,
});

export const WRITTEN_TABLES = [CONTACT, CONVERSATION, MESSAGE, MEDIA_ITEM, STATUS_EVENT, WEBHOOK_EVENT];
