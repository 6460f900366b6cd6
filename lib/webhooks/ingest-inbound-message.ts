// Stores one inbound message exactly once: its contact, its conversation (created, or updated and
// reopened), the message with its raw JSON, each media item and the accepted event, all or none.
//
// The hottest write path (Vonage delivers bursts of hundreds a second), so it is SQL sent straight
// to the driver adapter (lib/db/sql-transaction.ts): upserts with ON CONFLICT, and the unique
// message_uuid deciding what is a redelivery. SQLite runs one statement per table in a transaction;
// PostgreSQL runs the same writes as one statement (one round trip instead of seven). Both are held
// to the same tests on both providers (app/api/webhooks, test/robustness).
//
// Each table's row is built by its own function below (contactRow, …), column by column as
// written-tables.ts defines the table; both ways of writing use the same functions.
import "server-only";
import type { SqlDriverAdapter } from "@prisma/driver-adapter-utils";
import { currentMasterKey } from "../media-archive/master-keys";
import { describeMessage } from "../messages/describe-message";
import { getDbAdapter } from "../db";
import type { RowOf } from "../db/define-table";
import { newId } from "../db/new-id";
import { sqlDialectOf, type SqlDialect } from "../db/sql-dialect";
import { querySql, runGroupedSqlTransaction } from "../db/sql-transaction";
import { Prisma } from "../generated/sqlite/client";
import { toStoredContent, type InboundMessage } from "../messages/message-content";
import { inboxForAddressSql } from "../inboxes/route-inbound-sql";
import { REFUSED_BODY_LIMIT, webhookEventRow } from "./record-webhook-event";
import { CONTACT, CONVERSATION, MEDIA_ITEM, MESSAGE, WEBHOOK_EVENT } from "./written-tables";

export type IngestResult = { outcome: "accepted" | "duplicate"; messageId: string; conversationId: string };

// A WhatsApp profile name is kept from the latest message that carried one.
const ON_CONTACT_CONFLICT = Prisma.raw(`ON CONFLICT ("channel", "address") DO UPDATE SET
  "profileName" = COALESCE(NULLIF(excluded."profileName", ''), "Contact"."profileName"),
  "updatedAt" = excluded."updatedAt"`);
// A new message from the customer reopens a resolved, pending or snoozed conversation, and makes it
// unread for everyone who read it before (lastInboundAt). Messages arrive out of order: only one
// at least as new moves the times and the preview.
const ON_CONVERSATION_CONFLICT = Prisma.raw(`ON CONFLICT ("contactId", "businessNumber", "channel") DO UPDATE SET
  "status" = 'open',
  "resolvedAt" = NULL,
  "snoozedUntil" = NULL,
  "updatedAt" = excluded."updatedAt",
  "lastMessagePreview" = CASE WHEN "Conversation"."lastMessageAt" <= excluded."lastMessageAt" THEN excluded."lastMessagePreview" ELSE "Conversation"."lastMessagePreview" END,
  "lastMessageAt" = CASE WHEN "Conversation"."lastMessageAt" <= excluded."lastMessageAt" THEN excluded."lastMessageAt" ELSE "Conversation"."lastMessageAt" END,
  "lastInboundAt" = CASE WHEN "Conversation"."lastInboundAt" IS NULL OR "Conversation"."lastInboundAt" < excluded."lastInboundAt" THEN excluded."lastInboundAt" ELSE "Conversation"."lastInboundAt" END`);

/** The media item columns carried in the JSON parameter; the others come from their message. */
const MEDIA_PART_COLUMNS = {
  id: MEDIA_ITEM.columns.id,
  position: MEDIA_ITEM.columns.position,
  kind: MEDIA_ITEM.columns.kind,
  vonageUrl: MEDIA_ITEM.columns.vonageUrl,
  caption: MEDIA_ITEM.columns.caption,
  fileName: MEDIA_ITEM.columns.fileName,
};

/** What one message's rows share: its new id and the time it was received. */
type Write = { message: InboundMessage; rawPayload: string; requestId: string; messageId: string; now: Date; applicationId: string | undefined };

function newWrite(message: InboundMessage, rawPayload: string, requestId: string, applicationId: string | undefined): Write {
  return { message, rawPayload, requestId, messageId: newId(), now: new Date(), applicationId };
}

// A row that refers to another row of the same write takes the reference as a value, or as an
// SQL expression (a column of the row the surrounding statement selects from).

function contactRow({ message, now }: Write): RowOf<typeof CONTACT> {
  return { id: newId(), channel: message.channel, address: message.from, profileName: message.profileName, createdAt: now, updatedAt: now };
}

function conversationRow({ message, now, applicationId }: Write, contactId: string | Prisma.Sql): RowOf<typeof CONVERSATION> {
  return {
    id: newId(),
    // Decided once, when the conversation starts: later messages keep it where it is.
    inboxId: inboxForAddressSql(message.to, applicationId),
    contactId,
    channel: message.channel,
    businessNumber: message.to,
    status: "open",
    priority: "none",
    lastMessageAt: message.sentAt,
    lastInboundAt: message.sentAt,
    lastMessagePreview: describeMessage(message),
    createdAt: now,
    updatedAt: now,
  };
}

function messageRow({ message, rawPayload, messageId, now }: Write, conversationId: string | Prisma.Sql): RowOf<typeof MESSAGE> {
  return {
    id: messageId,
    messageUuid: message.messageUuid,
    conversationId,
    direction: "inbound",
    channel: message.channel,
    messageType: message.messageType,
    fromAddress: message.from,
    toAddress: message.to,
    text: message.text,
    content: toStoredContent(message.content, message.extras),
    replyToMessageUuid: message.replyToMessageUuid,
    clientRef: message.clientRef,
    rawPayload,
    sentAt: message.sentAt,
    receivedAt: now,
    sendAttempts: 0,
  };
}

/**
 * Every media item, as `SELECT ${values} FROM ${from}`: read from one JSON parameter, so there is
 * one statement shape however many parts an MMS has.
 */
function mediaItems({ message }: Write, dialect: SqlDialect, messageId: string | Prisma.Sql, createdAt: Date | Prisma.Sql) {
  const parts = message.media.map((part, position) => ({ id: newId(), position, kind: part.kind, vonageUrl: part.url, caption: part.caption ?? null, fileName: part.fileName ?? null }));
  const records = dialect.jsonRecords(JSON.stringify(parts), MEDIA_PART_COLUMNS);
  // Without a master key nothing is archived, and the row says so rather than waiting for ever.
  const archiveState = currentMasterKey() ? "pending" : "not_archived";
  return { values: MEDIA_ITEM.values({ ...records.fields, messageId, createdAt, archiveState, archiveAttempts: 0 }), from: records.from };
}

function acceptedEventRow({ message, rawPayload, requestId, now }: Write) {
  // An unreadable message is flagged in the webhook log with its reason; its whole body is on the message.
  const unreadable = message.content?.kind === "unreadable" ? message.content : undefined;
  return webhookEventRow(
    {
      kind: "inbound",
      requestId,
      outcome: unreadable ? "unreadable" : "accepted",
      httpStatus: 200,
      reason: unreadable ? `Stored as an unreadable message: ${unreadable.problem}` : undefined,
      bodyBytes: Buffer.byteLength(rawPayload),
      body: unreadable ? rawPayload.slice(0, REFUSED_BODY_LIMIT) : undefined,
      messageUuid: message.messageUuid,
    },
    now,
  );
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
 * One statement per table in one transaction (SQLite: in-process, so no round trips to save),
 * sharing its commit with the webhooks that arrived meanwhile (group commit).
 */
async function ingestInTransaction(adapter: SqlDriverAdapter, message: InboundMessage, rawPayload: string, requestId: string, applicationId: string | undefined): Promise<IngestResult> {
  const write = newWrite(message, rawPayload, requestId, applicationId);
  const contactValues = CONTACT.values(contactRow(write));
  try {
    return await runGroupedSqlTransaction(adapter, async (tx) => {
      const [contact] = await tx.query<{ id: string }>(Prisma.sql`
        INSERT INTO ${CONTACT.target} VALUES (${contactValues}) ${ON_CONTACT_CONFLICT} RETURNING "id"`);
      const [conversation] = await tx.query<{ id: string }>(Prisma.sql`
        INSERT INTO ${CONVERSATION.target} VALUES (${CONVERSATION.values(conversationRow(write, contact!.id))}) ${ON_CONVERSATION_CONFLICT} RETURNING "id"`);
      // No look-up first: a redelivery conflicts here, and its transaction is rolled back.
      const inserted = await tx.execute(Prisma.sql`
        INSERT INTO ${MESSAGE.target} VALUES (${MESSAGE.values(messageRow(write, conversation!.id))}) ON CONFLICT ("messageUuid") DO NOTHING`);
      if (inserted === 0) {
        throw new AlreadyStored(storedMessage((await tx.query<{ id: string; conversationId: string }>(selectStored(message.messageUuid)))[0], message.messageUuid));
      }
      if (message.media.length > 0) {
        const media = mediaItems(write, sqlDialectOf(adapter), write.messageId, write.now);
        await tx.execute(Prisma.sql`INSERT INTO ${MEDIA_ITEM.target} SELECT ${media.values} FROM ${media.from}`);
      }
      await tx.execute(Prisma.sql`INSERT INTO ${WEBHOOK_EVENT.target} VALUES (${WEBHOOK_EVENT.values(acceptedEventRow(write))})`);
      return { outcome: "accepted" as const, messageId: write.messageId, conversationId: conversation!.id };
    });
  } catch (error) {
    if (error instanceof AlreadyStored) return error.stored;
    throw error;
  }
}

/** Stands for the id column of the row the surrounding statement selects from. */
const ID = Prisma.raw(`"id"`);

/**
 * The same writes as one statement (PostgreSQL). Its parts share one snapshot, so nothing is
 * written for a message already stored. A redelivery racing the first delivery past that check
 * repeats its contact and conversation upserts (the same changes, made again a few milliseconds
 * later), then waits on the unique message_uuid and stores nothing.
 */
async function ingestInOneStatement(adapter: SqlDriverAdapter, message: InboundMessage, rawPayload: string, requestId: string, applicationId: string | undefined): Promise<IngestResult> {
  const write = newWrite(message, rawPayload, requestId, applicationId);
  const media = mediaItems(write, sqlDialectOf(adapter), Prisma.raw(`inserted_message."id"`), Prisma.raw(`inserted_message."receivedAt"`));
  const [inserted] = await querySql<{ conversationId: string }>(
    adapter,
    Prisma.sql`
    WITH contact AS (
      INSERT INTO ${CONTACT.target} SELECT ${CONTACT.values(contactRow(write))}
      WHERE NOT EXISTS (SELECT 1 FROM "Message" WHERE "messageUuid" = ${message.messageUuid})
      ${ON_CONTACT_CONFLICT} RETURNING "id"
    ), conversation AS (
      INSERT INTO ${CONVERSATION.target} SELECT ${CONVERSATION.values(conversationRow(write, ID))} FROM contact ${ON_CONVERSATION_CONFLICT} RETURNING "id"
    ), inserted_message AS (
      INSERT INTO ${MESSAGE.target} SELECT ${MESSAGE.values(messageRow(write, ID))} FROM conversation
      ON CONFLICT ("messageUuid") DO NOTHING RETURNING "id", "conversationId", "receivedAt"
    ), media AS (
      INSERT INTO ${MEDIA_ITEM.target} SELECT ${media.values} FROM inserted_message, ${media.from}
    ), event AS (
      INSERT INTO ${WEBHOOK_EVENT.target} SELECT ${WEBHOOK_EVENT.values(acceptedEventRow(write))} FROM inserted_message
    )
    SELECT "conversationId" FROM inserted_message`,
  );
  if (!inserted) return storedMessage((await querySql<{ id: string; conversationId: string }>(adapter, selectStored(message.messageUuid)))[0], message.messageUuid);
  return { outcome: "accepted", messageId: write.messageId, conversationId: inserted.conversationId };
}

/** `applicationId`: the verified token's `application_id`, when Vonage included one (it routes a number no inbox lists). */
export async function ingestInboundMessage(message: InboundMessage, rawPayload: string, requestId: string, applicationId?: string): Promise<IngestResult> {
  const adapter = await getDbAdapter();
  const ingest = sqlDialectOf(adapter).canInsertInWith ? ingestInOneStatement : ingestInTransaction;
  return ingest(adapter, message, rawPayload, requestId, applicationId);
}
