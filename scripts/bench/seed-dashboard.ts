// The dashboard benchmark's data: 10,000 conversations and 1,000,000 messages, the first
// conversation holding a 500-message thread. Written with bulk SQL straight to the database
// (prepared statements in a few large transactions on SQLite, `INSERT … SELECT generate_series` on
// PostgreSQL): through Prisma's createMany a million rows took minutes, this takes seconds.
import { randomUUID } from "node:crypto";
import Database from "better-sqlite3";
import pg from "pg";
import { parseDatabaseUrl } from "@/lib/db/database-url";
import { CHANNELS } from "@/lib/messages/channels";

export const CONVERSATIONS = 10_000;
export const MESSAGES = 1_000_000;
export const THREAD_LENGTH = 500;
const BUSINESS_NUMBER = "447700900200";
const CUSTOMER_NUMBER = "447700900001";
const MESSAGES_PER_TRANSACTION = 50_000;

// Row ids in the shape every id check accepts (lowercase letters and digits, 10–40 characters).
const contactId = (index: number) => `bcontact${String(index).padStart(8, "0")}`;
const conversationId = (index: number) => `bconv${String(index).padStart(8, "0")}`;
const messageId = (index: number) => `bmsg${String(index).padStart(10, "0")}`;
/** The first conversation holds the long thread; the other messages go round the rest. */
const conversationOfMessage = (index: number) => (index < THREAD_LENGTH ? 0 : 1 + (index % (CONVERSATIONS - 1)));
const messageText = (index: number) => `Hello about order ${index} — the parcel arrived damaged`;

export type DashboardData = { threadId: string; searchWord: string };

export async function seedDashboard(databaseUrl: string): Promise<DashboardData> {
  const target = parseDatabaseUrl(databaseUrl);
  const now = Date.now();
  if (target.provider === "sqlite") seedSqlite(target.filePath, now);
  else await seedPostgres(target.url, now);
  return { threadId: conversationId(0), searchWord: "order 123456" };
}

/** A date as Prisma's SQLite adapter writes it, so dates compare as text with the app's own. */
const sqliteDate = (ms: number) => new Date(ms).toISOString().replace("Z", "+00:00");

function seedSqlite(filePath: string, now: number) {
  const db = new Database(filePath);
  try {
    const contact = db.prepare(`INSERT INTO "Contact" ("id", "channel", "address", "profileName", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, ?)`);
    const conversation = db.prepare(
      `INSERT INTO "Conversation" ("id", "contactId", "channel", "businessNumber", "status", "lastMessageAt", "lastInboundAt", "lastMessagePreview", "createdAt", "updatedAt")
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const message = db.prepare(
      `INSERT INTO "Message" ("id", "messageUuid", "conversationId", "direction", "channel", "messageType", "fromAddress", "toAddress", "text", "rawPayload", "sentAt", "receivedAt")
       VALUES (?, ?, ?, ?, ?, 'text', ?, ?, ?, '{}', ?, ?)`,
    );
    const created = sqliteDate(now);
    db.transaction(() => {
      for (let index = 0; index < CONVERSATIONS; index++) {
        const channel = CHANNELS[index % CHANNELS.length]!;
        const lastMessageAt = sqliteDate(now - index * 60_000);
        contact.run(contactId(index), channel, `4477${10_000_000 + index}`, index % 3 === 0 ? `Customer ${index}` : null, created, created);
        conversation.run(conversationId(index), contactId(index), channel, BUSINESS_NUMBER, index % 4 === 0 ? "resolved" : "open", lastMessageAt, lastMessageAt, `Order ${index} question`, created, created);
      }
    })();
    // The server under test writes too (its outbox worker claims replies) and waits at most 10 s
    // for the write lock, blocking its event loop meanwhile: one transaction per 50,000 messages
    // (about a second) keeps that wait short.
    const writeMessages = db.transaction((from: number, to: number) => {
      for (let index = from; index < to; index++) {
        const conversationIndex = conversationOfMessage(index);
        message.run(
          messageId(index),
          randomUUID(),
          conversationId(conversationIndex),
          index % 5 === 0 ? "outbound" : "inbound",
          CHANNELS[conversationIndex % CHANNELS.length]!,
          CUSTOMER_NUMBER,
          BUSINESS_NUMBER,
          messageText(index),
          sqliteDate(now - (MESSAGES - index) * 1_000),
          created,
        );
      }
    });
    for (let from = 0; from < MESSAGES; from += MESSAGES_PER_TRANSACTION) writeMessages(from, Math.min(from + MESSAGES_PER_TRANSACTION, MESSAGES));
  } finally {
    db.close();
  }
}

async function seedPostgres(url: string, now: number) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  // Dates go in as UTC text and are stored as Prisma stores them: UTC in timestamp(3).
  const nowUtc = `($1::timestamptz AT TIME ZONE 'UTC')`;
  // The same numbering as SQLite's loop above, in SQL: ids, channel and conversation by index.
  const padded = (expression: string, width: number) => `lpad((${expression})::text, ${width}, '0')`;
  const channelOf = (expression: string) => `($2::text[])[(${expression}) % ${CHANNELS.length} + 1]`;
  const conversationOf = `CASE WHEN i < ${THREAD_LENGTH} THEN 0 ELSE 1 + i % ${CONVERSATIONS - 1} END`;
  const parameters = [new Date(now).toISOString(), [...CHANNELS]];
  try {
    await client.query("BEGIN");
    await client.query(
      `INSERT INTO "Contact" ("id", "channel", "address", "profileName", "updatedAt")
       SELECT 'bcontact' || ${padded("i", 8)}, ${channelOf("i")}, '4477' || (10000000 + i), CASE WHEN i % 3 = 0 THEN 'Customer ' || i END, ${nowUtc}
       FROM generate_series(0, ${CONVERSATIONS - 1}) AS i`,
      parameters,
    );
    await client.query(
      `INSERT INTO "Conversation" ("id", "contactId", "channel", "businessNumber", "status", "lastMessageAt", "lastInboundAt", "lastMessagePreview", "updatedAt")
       SELECT 'bconv' || ${padded("i", 8)}, 'bcontact' || ${padded("i", 8)}, ${channelOf("i")}, '${BUSINESS_NUMBER}', CASE WHEN i % 4 = 0 THEN 'resolved' ELSE 'open' END,
              ${nowUtc} - i * interval '1 minute', ${nowUtc} - i * interval '1 minute', 'Order ' || i || ' question', ${nowUtc}
       FROM generate_series(0, ${CONVERSATIONS - 1}) AS i`,
      parameters,
    );
    await client.query(
      `INSERT INTO "Message" ("id", "messageUuid", "conversationId", "direction", "channel", "messageType", "fromAddress", "toAddress", "text", "rawPayload", "sentAt")
       SELECT 'bmsg' || ${padded("i", 10)}, gen_random_uuid()::text, 'bconv' || ${padded(conversationOf, 8)}, CASE WHEN i % 5 = 0 THEN 'outbound' ELSE 'inbound' END,
              ${channelOf(conversationOf)}, 'text', '${CUSTOMER_NUMBER}', '${BUSINESS_NUMBER}', 'Hello about order ' || i || ' — the parcel arrived damaged', '{}',
              ${nowUtc} - (${MESSAGES} - i) * interval '1 second'
       FROM generate_series(0, ${MESSAGES - 1}) AS i`,
      parameters,
    );
    await client.query("COMMIT");
    // What a bulk load is followed by on a live database: fresh statistics (without them
    // PostgreSQL plans on guesses) and a vacuum, which autovacuum would otherwise start on the
    // new rows in the middle of the timings, on the same two cores.
    await client.query("VACUUM ANALYZE");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    await client.end();
  }
}
