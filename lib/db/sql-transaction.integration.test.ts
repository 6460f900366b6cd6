// SQL sent straight to the driver adapter: committed or rolled back as a whole, values encoded as
// the Prisma client encodes them, and never interleaved with the client's own transactions.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Prisma } from "../generated/sqlite/client";
import { openDatabase, type Database } from "../db";
import { testedProviders, postgresServerUrl } from "../testing/providers";
import { isDatabaseUnavailable } from "./is-database-unavailable";
import { applyMigrations } from "./migrations/apply-migrations";
import { newId } from "./new-id";
import { createScratchDatabase, type ScratchDatabase } from "./scratch-database";
import { preparedStatementName, querySql, runSqlTransaction } from "./sql-transaction";

function insertEvent(requestId: string, receivedAt = new Date()) {
  return Prisma.sql`
    INSERT INTO "WebhookEvent" ("id", "kind", "requestId", "outcome", "httpStatus", "bodyBytes", "receivedAt")
    VALUES (${newId()}, 'inbound', ${requestId}, 'rejected', 400, ${0}, ${receivedAt})`;
}

describe.each(testedProviders)("runSqlTransaction on %s", (provider) => {
  let scratch: ScratchDatabase;
  let database: Database;
  const requestIds = async () => (await database.client.webhookEvent.findMany({ select: { requestId: true } })).map((row) => row.requestId).sort();

  beforeAll(async () => {
    scratch = await createScratchDatabase(provider, { postgresServerUrl, prefix: "caredesk_sqltx" });
    await applyMigrations(scratch.url);
    database = openDatabase(scratch.url);
  });
  afterAll(async () => {
    await database.client.$disconnect();
    await scratch.drop();
  });

  it("commits every statement when the work returns, and none when it throws", async () => {
    const result = await runSqlTransaction(await database.adapter(), async (tx) => {
      await tx.execute(insertEvent("commit-1"));
      await tx.execute(insertEvent("commit-2"));
      return "done";
    });
    expect(result).toBe("done");
    await expect(
      runSqlTransaction(await database.adapter(), async (tx) => {
        await tx.execute(insertEvent("rolled-back"));
        throw new Error("changed my mind");
      }),
    ).rejects.toThrow("changed my mind");
    expect(await requestIds()).toEqual(["commit-1", "commit-2"]);
  });

  it("writes dates, booleans, nulls and JSON that the Prisma client reads back unchanged", async () => {
    const contactId = newId();
    const conversationId = newId();
    const messageId = newId();
    const sentAt = new Date("2026-03-04T05:06:07.089Z");
    await runSqlTransaction(await database.adapter(), async (tx) => {
      const [contact] = await tx.query<{ id: string }>(Prisma.sql`
        INSERT INTO "Contact" ("id", "channel", "address", "profileName", "createdAt", "updatedAt")
        VALUES (${contactId}, 'whatsapp', '447700900001', ${null}, ${sentAt}, ${sentAt}) RETURNING "id"`);
      expect(contact).toEqual({ id: contactId });
      await tx.execute(Prisma.sql`
        INSERT INTO "Conversation" ("id", "contactId", "channel", "businessNumber", "status", "isUnread", "lastMessageAt", "lastMessagePreview", "createdAt", "updatedAt")
        VALUES (${conversationId}, ${contactId}, 'whatsapp', '447700900000', 'open', ${false}, ${sentAt}, 'Photo', ${sentAt}, ${sentAt})`);
      await tx.execute(Prisma.sql`
        INSERT INTO "Message" ("id", "messageUuid", "conversationId", "direction", "channel", "messageType", "fromAddress", "toAddress", "content", "rawPayload", "sentAt", "receivedAt")
        VALUES (${messageId}, ${newId()}, ${conversationId}, 'inbound', 'whatsapp', 'location', '447700900001', '447700900000',
          ${JSON.stringify({ kind: "location", lat: 51.5, name: "Café" })}, '{}', ${sentAt}, ${sentAt})`);
    });
    const conversation = await database.client.conversation.findUniqueOrThrow({ where: { id: conversationId }, include: { contact: true, messages: true } });
    expect(conversation.isUnread).toBe(false);
    expect(conversation.lastMessageAt.toISOString()).toBe(sentAt.toISOString());
    expect(conversation.contact.profileName).toBeNull();
    expect(conversation.messages[0]!.content).toEqual({ kind: "location", lat: 51.5, name: "Café" });
    // The client's own filters compare these dates correctly.
    expect(await database.client.message.count({ where: { sentAt: { gte: sentAt } } })).toBe(1);
    expect(await database.client.message.count({ where: { sentAt: { gt: sentAt } } })).toBe(0);
  });

  it("does not interleave with a client transaction that is open across awaits", async () => {
    let clientTransactionStarted!: () => void;
    const started = new Promise<void>((resolve) => (clientTransactionStarted = resolve));
    const clientTransaction = database.client
      .$transaction(async (tx) => {
        await tx.webhookEvent.create({ data: { kind: "inbound", requestId: "client-rolled-back", outcome: "rejected", httpStatus: 400, bodyBytes: 0 } });
        clientTransactionStarted();
        await new Promise((resolve) => setTimeout(resolve, 100));
        throw new Error("client rolls back");
      })
      .catch((error: Error) => error.message);
    await started;
    // Started while the client's transaction is open; must neither join it nor be lost with it.
    await runSqlTransaction(await database.adapter(), (tx) => tx.execute(insertEvent("direct-committed")));
    expect(await clientTransaction).toBe("client rolls back");
    expect(await requestIds()).toContain("direct-committed");
    expect(await requestIds()).not.toContain("client-rolled-back");
  });

  it.runIf(provider === "sqlite")("syncs every commit to disk (synchronous = FULL), so a power cut cannot undo a stored webhook", async () => {
    const rows = await querySql(await database.adapter(), Prisma.sql`PRAGMA synchronous`);
    expect(rows.map((row) => Number(row.synchronous))).toEqual([2]);
  });

  it.runIf(provider === "postgresql")("prepares its own statements on PostgreSQL (once per connection), and not the client's", async () => {
    const names = await runSqlTransaction(await database.adapter(), async (tx) => {
      await tx.execute(insertEvent("prepared"));
      return (await tx.query<{ name: string }>(Prisma.sql`SELECT "name" FROM pg_prepared_statements`)).map((row) => row.name);
    });
    expect(names.filter((name) => name.startsWith("caredesk_")).length).toBeGreaterThanOrEqual(2);
    expect(preparedStatementName({ sql: 'SELECT "id" FROM "User"' })).toBeUndefined();
  });

  it.runIf(provider === "sqlite")("gives up waiting for a busy connection as 'database unavailable', and frees it later", async () => {
    const clientTransaction = database.client.$transaction(async (tx) => {
      await tx.webhookEvent.create({ data: { kind: "inbound", requestId: "long-client", outcome: "rejected", httpStatus: 400, bodyBytes: 0 } });
      await new Promise((resolve) => setTimeout(resolve, 500));
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const waited = runSqlTransaction(await database.adapter(), (tx) => tx.execute(insertEvent("gave-up")), { maxWaitMs: 100 });
    const error = await waited.then(() => null, (caught: unknown) => caught);
    expect(isDatabaseUnavailable(error)).toBe(true);
    await clientTransaction;
    // The transaction that started too late was ended: the connection takes new work.
    await runSqlTransaction(await database.adapter(), (tx) => tx.execute(insertEvent("after-wait")));
    expect(await requestIds()).toEqual(expect.arrayContaining(["long-client", "after-wait"]));
    expect(await requestIds()).not.toContain("gave-up");
  });
});
