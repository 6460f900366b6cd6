// Stores one inbound message exactly once: its contact, its conversation (created, or updated and
// reopened), the message with its raw JSON, each media item and the accepted event, all or none.
//
// The hottest write path (Vonage delivers bursts of hundreds a second), so it is SQL sent straight
// to the driver adapter (lib/db/sql-transaction.ts): upserts with ON CONFLICT, and the unique
// message_uuid deciding what is a redelivery. SQLite runs one statement per table in a transaction;
// PostgreSQL runs the same writes as one statement (one round trip instead of seven). Both are held
// to the same tests on both providers (app/api/webhooks, lib/robustness).
//
// The columns written are listed in written-columns.ts, checked against the migrated databases.
import "server-only";
import type { SqlDriverAdapter } from "@prisma/driver-adapter-utils";
import { describeMessage } from "../messages/describe-message";
import { getDbAdapter } from "../db";
import { newId } from "../db/new-id";
import { querySql, runGroupedSqlTransaction } from "../db/sql-transaction";
import { Prisma } from "../generated/sqlite/client";
import type { InboundMessage } from "../messages/message-content";
import { columnsOf } from "./written-columns";

export type IngestResult = { outcome: "accepted" | "duplicate"; messageId: string; conversationId: string };

const CONTACT_COLUMNS = columnsOf("Contact");
// A WhatsApp profile name is kept from the latest message that carried one.
const ON_CONTACT_CONFLICT = Prisma.raw(`ON CONFLICT ("channel", "address") DO UPDATE SET
  "profileName" = COALESCE(NULLIF(excluded."profileName", ''), "Contact"."profileName"),
  "updatedAt" = excluded."updatedAt"`);
const CONVERSATION_COLUMNS = columnsOf("Conversation");
// A new message from the customer reopens a resolved conversation and marks it unread. Messages
// arrive out of order: only one at least as new moves the time and the preview.
const ON_CONVERSATION_CONFLICT = Prisma.raw(`ON CONFLICT ("contactId", "businessNumber", "channel") DO UPDATE SET
  "status" = 'open',
  "resolvedAt" = NULL,
  "isUnread" = excluded."isUnread",
  "updatedAt" = excluded."updatedAt",
  "lastMessagePreview" = CASE WHEN "Conversation"."lastMessageAt" <= excluded."lastMessageAt" THEN excluded."lastMessagePreview" ELSE "Conversation"."lastMessagePreview" END,
  "lastMessageAt" = CASE WHEN "Conversation"."lastMessageAt" <= excluded."lastMessageAt" THEN excluded."lastMessageAt" ELSE "Conversation"."lastMessageAt" END`);
const MESSAGE_COLUMNS = columnsOf("Message");
const MEDIA_COLUMNS = columnsOf("MediaItem");
const EVENT_COLUMNS = columnsOf("WebhookEvent");
/** Stands for the id column of the row the surrounding statement selects from. */
const ID = Prisma.raw(`"id"`);

/**
 * The values of each row, as SQL fragments, computed once: new ids, the time, the preview. A row
 * that refers to another takes the reference as a fragment: a parameter, or a column.
 */
function rowsFor(message: InboundMessage, rawPayload: string, requestId: string) {
  const now = new Date();
  const messageId = newId();
  return {
    now,
    messageId,
    contact: Prisma.sql`${newId()}, ${message.channel}, ${message.from}, ${message.profileName ?? null}, ${now}, ${now}`,
    conversation: (contactId: Prisma.Sql) =>
      Prisma.sql`${newId()}, ${contactId}, ${message.channel}, ${message.to}, 'open', ${true}, ${message.sentAt}, ${describeMessage(message)}, ${now}, ${now}`,
    message: (conversationId: Prisma.Sql) =>
      Prisma.sql`${messageId}, ${message.messageUuid}, ${conversationId}, 'inbound', ${message.channel}, ${message.messageType}, ${message.from}, ${message.to},
        ${message.text ?? null}, ${message.content ? JSON.stringify(message.content) : null}, ${message.replyToMessageUuid ?? null}, ${message.clientRef ?? null},
        ${rawPayload}, ${message.sentAt}, ${now}`,
    /** All media items as one JSON parameter: one statement shape however many parts an MMS has. */
    mediaJson: JSON.stringify(
      message.media.map((part, position) => ({ id: newId(), position, kind: part.kind, url: part.url, caption: part.caption ?? null, fileName: part.fileName ?? null })),
    ),
    event: Prisma.sql`${newId()}, 'inbound', ${requestId}, 'accepted', 200, ${Buffer.byteLength(rawPayload)}, ${message.messageUuid}, ${now}`,
  };
}

/** Thrown inside the transaction when the message is already stored: rolls back what it did. */
class AlreadyStored extends Error {
  constructor(readonly stored: IngestResult) {
    super("already stored");
  }
}

function storedMessage(row: { id: string; conversationId: string } | undefined, messageUuid: string): IngestResult {
  if (!row) throw new Error(`Message ${messageUuid} conflicted on insert but is not stored`);
  return { outcome: "duplicate", messageId: row.id, conversationId: row.conversationId };
}

const selectStored = (messageUuid: string) => Prisma.sql`SELECT "id", "conversationId" FROM "Message" WHERE "messageUuid" = ${messageUuid}`;

/**
 * SQLite: one statement per table in one transaction (in-process, so no round trips to save),
 * sharing its commit with the webhooks that arrived meanwhile (group commit).
 */
async function ingestInTransaction(adapter: SqlDriverAdapter, message: InboundMessage, rawPayload: string, requestId: string): Promise<IngestResult> {
  const rows = rowsFor(message, rawPayload, requestId);
  try {
    return await runGroupedSqlTransaction(adapter, async (tx) => {
      const [contact] = await tx.query<{ id: string }>(Prisma.sql`
        INSERT INTO "Contact" (${CONTACT_COLUMNS}) VALUES (${rows.contact}) ${ON_CONTACT_CONFLICT} RETURNING "id"`);
      const [conversation] = await tx.query<{ id: string }>(Prisma.sql`
        INSERT INTO "Conversation" (${CONVERSATION_COLUMNS}) VALUES (${rows.conversation(Prisma.sql`${contact!.id}`)}) ${ON_CONVERSATION_CONFLICT} RETURNING "id"`);
      // No look-up first: a redelivery conflicts here, and its transaction is rolled back.
      const inserted = await tx.execute(Prisma.sql`
        INSERT INTO "Message" (${MESSAGE_COLUMNS}) VALUES (${rows.message(Prisma.sql`${conversation!.id}`)}) ON CONFLICT ("messageUuid") DO NOTHING`);
      if (inserted === 0) {
        throw new AlreadyStored(storedMessage((await tx.query<{ id: string; conversationId: string }>(selectStored(message.messageUuid)))[0], message.messageUuid));
      }
      if (message.media.length > 0) {
        await tx.execute(Prisma.sql`
          INSERT INTO "MediaItem" (${MEDIA_COLUMNS})
          SELECT value ->> '$.id', ${rows.messageId}, value ->> '$.position', value ->> '$.kind', value ->> '$.url', value ->> '$.caption', value ->> '$.fileName', ${rows.now}
          FROM json_each(${rows.mediaJson})`);
      }
      await tx.execute(Prisma.sql`INSERT INTO "WebhookEvent" (${EVENT_COLUMNS}) VALUES (${rows.event})`);
      return { outcome: "accepted" as const, messageId: rows.messageId, conversationId: conversation!.id };
    });
  } catch (error) {
    if (error instanceof AlreadyStored) return error.stored;
    throw error;
  }
}

/**
 * PostgreSQL: the same writes as one statement. Its parts share one snapshot, so nothing is
 * written for a message already stored. A redelivery racing the first delivery past that check
 * repeats its contact and conversation upserts (the same changes, made again a few milliseconds
 * later), then waits on the unique message_uuid and stores nothing.
 */
async function ingestInOneStatement(adapter: SqlDriverAdapter, message: InboundMessage, rawPayload: string, requestId: string): Promise<IngestResult> {
  const rows = rowsFor(message, rawPayload, requestId);
  const [inserted] = await querySql<{ conversationId: string }>(
    adapter,
    Prisma.sql`
    WITH contact AS (
      INSERT INTO "Contact" (${CONTACT_COLUMNS}) SELECT ${rows.contact}
      WHERE NOT EXISTS (SELECT 1 FROM "Message" WHERE "messageUuid" = ${message.messageUuid})
      ${ON_CONTACT_CONFLICT} RETURNING "id"
    ), conversation AS (
      INSERT INTO "Conversation" (${CONVERSATION_COLUMNS}) SELECT ${rows.conversation(ID)} FROM contact ${ON_CONVERSATION_CONFLICT} RETURNING "id"
    ), inserted_message AS (
      INSERT INTO "Message" (${MESSAGE_COLUMNS}) SELECT ${rows.message(ID)} FROM conversation
      ON CONFLICT ("messageUuid") DO NOTHING RETURNING "id", "conversationId", "receivedAt"
    ), media AS (
      INSERT INTO "MediaItem" (${MEDIA_COLUMNS})
      SELECT part."id", inserted_message."id", part."position", part."kind", part."url", part."caption", part."fileName", inserted_message."receivedAt"
      FROM inserted_message, jsonb_to_recordset(CAST(${rows.mediaJson} AS jsonb))
        AS part("id" text, "position" integer, "kind" text, "url" text, "caption" text, "fileName" text)
    ), event AS (
      INSERT INTO "WebhookEvent" (${EVENT_COLUMNS}) SELECT ${rows.event} FROM inserted_message
    )
    SELECT "conversationId" FROM inserted_message`,
  );
  if (!inserted) return storedMessage((await querySql<{ id: string; conversationId: string }>(adapter, selectStored(message.messageUuid)))[0], message.messageUuid);
  return { outcome: "accepted", messageId: rows.messageId, conversationId: inserted.conversationId };
}

export async function ingestInboundMessage(message: InboundMessage, rawPayload: string, requestId: string): Promise<IngestResult> {
  const adapter = await getDbAdapter();
  return adapter.provider === "postgres"
    ? ingestInOneStatement(adapter, message, rawPayload, requestId)
    : ingestInTransaction(adapter, message, rawPayload, requestId);
}
