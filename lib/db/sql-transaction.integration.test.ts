// SQL sent straight to the driver adapter: committed or rolled back as a whole, values encoded as
// the Prisma client encodes them, and never interleaved with the client's own transactions.
import type { SqlDriverAdapter } from "@prisma/driver-adapter-utils";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Prisma } from "../generated/sqlite/client";
import { openDatabase, type Database } from "../db";
import type { DatabaseProvider } from "./database-url";
import { testedProviders, postgresServerUrl } from "@/test/support/providers";
import { isDatabaseUnavailable } from "./is-database-unavailable";
import { newId } from "./new-id";
import { createScratchDatabase, type ScratchDatabase } from "@/test/support/scratch-database";
import { preparedStatementName } from "./sql-dialect";
import { querySql, runGroupedSqlTransaction, runSqlTransaction } from "./sql-transaction";

function insertEvent(requestId: string, receivedAt = new Date()) {
  return Prisma.sql`
    INSERT INTO "WebhookEvent" ("id", "kind", "requestId", "outcome", "httpStatus", "bodyBytes", "receivedAt")
    VALUES (${newId()}, 'inbound', ${requestId}, 'rejected', 400, ${0}, ${receivedAt})`;
}

/** A migrated scratch database for the describe block that calls this, opened before its tests. */
function migratedDatabase(provider: DatabaseProvider, prefix: string): { database: Database } {
  const handle = {} as { database: Database };
  let scratch: ScratchDatabase;
  beforeAll(async () => {
    scratch = await createScratchDatabase(provider, { postgresServerUrl, prefix });
    handle.database = openDatabase(scratch.url);
  });
  afterAll(async () => {
    await handle.database.client.$disconnect();
    await scratch.drop();
  });
  return handle;
}

describe.each(testedProviders)("runSqlTransaction on %s", (provider) => {
  const handle = migratedDatabase(provider, "caredesk_sqltx");
  const requestIds = async () => (await handle.database.client.webhookEvent.findMany({ select: { requestId: true } })).map((row) => row.requestId).sort();

  it("commits every statement when the work returns, and none when it throws", async () => {
    const result = await runSqlTransaction(await handle.database.adapter(), async (tx) => {
      await tx.execute(insertEvent("commit-1"));
      await tx.execute(insertEvent("commit-2"));
      return "done";
    });
    expect(result).toBe("done");
    await expect(
      runSqlTransaction(await handle.database.adapter(), async (tx) => {
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
    await runSqlTransaction(await handle.database.adapter(), async (tx) => {
      const [contact] = await tx.query<{ id: string }>(Prisma.sql`
        INSERT INTO "Contact" ("id", "channel", "address", "profileName", "createdAt", "updatedAt")
        VALUES (${contactId}, 'whatsapp', '447700900001', ${null}, ${sentAt}, ${sentAt}) RETURNING "id"`);
      expect(contact).toEqual({ id: contactId });
      await tx.execute(Prisma.sql`
        INSERT INTO "Conversation" ("id", "contactId", "channel", "businessNumber", "status", "lastInboundAt", "lastMessageAt", "lastMessagePreview", "createdAt", "updatedAt")
        VALUES (${conversationId}, ${contactId}, 'whatsapp', '447700900000', 'open', ${sentAt}, ${sentAt}, 'Photo', ${sentAt}, ${sentAt})`);
      await tx.execute(Prisma.sql`
        INSERT INTO "Message" ("id", "messageUuid", "conversationId", "direction", "channel", "messageType", "fromAddress", "toAddress", "content", "rawPayload", "sentAt", "receivedAt")
        VALUES (${messageId}, ${newId()}, ${conversationId}, 'inbound', 'whatsapp', 'location', '447700900001', '447700900000',
          ${JSON.stringify({ kind: "location", lat: 51.5, name: "Café" })}, '{}', ${sentAt}, ${sentAt})`);
    });
    const conversation = await handle.database.client.conversation.findUniqueOrThrow({ where: { id: conversationId }, include: { contact: true, messages: true } });
    expect(conversation.lastInboundAt!.toISOString()).toBe(sentAt.toISOString());
    expect(conversation.lastMessageAt.toISOString()).toBe(sentAt.toISOString());
    expect(conversation.contact.profileName).toBeNull();
    expect(conversation.messages[0]!.content).toEqual({ kind: "location", lat: 51.5, name: "Café" });
    // The client's own filters compare these dates correctly.
    expect(await handle.database.client.message.count({ where: { sentAt: { gte: sentAt } } })).toBe(1);
    expect(await handle.database.client.message.count({ where: { sentAt: { gt: sentAt } } })).toBe(0);
  });

  it("does not interleave with a client transaction that is open across awaits", async () => {
    let clientTransactionStarted!: () => void;
    const started = new Promise<void>((resolve) => (clientTransactionStarted = resolve));
    const clientTransaction = handle.database.client
      .$transaction(async (tx) => {
        await tx.webhookEvent.create({ data: { kind: "inbound", requestId: "client-rolled-back", outcome: "rejected", httpStatus: 400, bodyBytes: 0 } });
        clientTransactionStarted();
        await new Promise((resolve) => setTimeout(resolve, 100));
        throw new Error("client rolls back");
      })
      .catch((error: Error) => error.message);
    await started;
    // Started while the client's transaction is open; must neither join it nor be lost with it.
    await runSqlTransaction(await handle.database.adapter(), (tx) => tx.execute(insertEvent("direct-committed")));
    expect(await clientTransaction).toBe("client rolls back");
    expect(await requestIds()).toContain("direct-committed");
    expect(await requestIds()).not.toContain("client-rolled-back");
  });

  it.runIf(provider === "sqlite")("syncs every commit to disk (synchronous = FULL), so a power cut cannot undo a stored webhook", async () => {
    const rows = await querySql(await handle.database.adapter(), Prisma.sql`PRAGMA synchronous`);
    expect(rows.map((row) => Number(row.synchronous))).toEqual([2]);
  });

  it.runIf(provider === "postgresql")("prepares its own statements on PostgreSQL (once per connection), and not the client's", async () => {
    const names = await runSqlTransaction(await handle.database.adapter(), async (tx) => {
      await tx.execute(insertEvent("prepared"));
      return (await tx.query<{ name: string }>(Prisma.sql`SELECT "name" FROM pg_prepared_statements`)).map((row) => row.name);
    });
    expect(names.filter((name) => name.startsWith("caredesk_")).length).toBeGreaterThanOrEqual(2);
    expect(preparedStatementName({ sql: 'SELECT "id" FROM "User"' })).toBeUndefined();
  });

  it.runIf(provider === "sqlite")("gives up waiting for a busy connection as 'database unavailable', and frees it later", async () => {
    const clientTransaction = handle.database.client.$transaction(async (tx) => {
      await tx.webhookEvent.create({ data: { kind: "inbound", requestId: "long-client", outcome: "rejected", httpStatus: 400, bodyBytes: 0 } });
      await new Promise((resolve) => setTimeout(resolve, 500));
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const waited = runSqlTransaction(await handle.database.adapter(), (tx) => tx.execute(insertEvent("gave-up")), { maxWaitMs: 100 });
    const error = await waited.then(() => null, (caught: unknown) => caught);
    expect(isDatabaseUnavailable(error)).toBe(true);
    await clientTransaction;
    // The transaction that started too late was ended: the connection takes new work.
    await runSqlTransaction(await handle.database.adapter(), (tx) => tx.execute(insertEvent("after-wait")));
    expect(await requestIds()).toEqual(expect.arrayContaining(["long-client", "after-wait"]));
    expect(await requestIds()).not.toContain("gave-up");
  });
});

describe.each(testedProviders)("runGroupedSqlTransaction on %s", (provider) => {
  const handle = migratedDatabase(provider, "caredesk_sqlgroup");
  const requestIds = async (prefix: string) =>
    (await handle.database.client.webhookEvent.findMany({ where: { requestId: { startsWith: prefix } }, select: { requestId: true } })).map((row) => row.requestId).sort();

  /** The real adapter, counting the transactions started on it. */
  async function countingAdapter() {
    const adapter = await handle.database.adapter();
    const counted = { transactions: 0, adapter: { ...adapter } as SqlDriverAdapter };
    counted.adapter.startTransaction = (isolationLevel) => {
      counted.transactions += 1;
      return adapter.startTransaction(isolationLevel);
    };
    return counted;
  }

  it("stores transactions queued together in one commit on SQLite, and rolls back only the one that throws", async () => {
    const counted = await countingAdapter();
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, index) =>
        runGroupedSqlTransaction(counted.adapter, async (tx) => {
          await tx.execute(insertEvent(`grouped-${String(index).padStart(2, "0")}`));
          if (index === 7) throw new Error("this one fails");
          return index;
        }),
      ),
    );
    const failed = results.flatMap((result) => (result.status === "rejected" ? [(result.reason as Error).message] : []));
    const stored = results.flatMap((result) => (result.status === "fulfilled" ? [result.value] : []));
    expect(failed).toEqual(["this one fails"]);
    expect(stored).toEqual(Array.from({ length: 20 }, (_, index) => index).filter((index) => index !== 7));
    expect(await requestIds("grouped-")).toEqual(stored.map((index) => `grouped-${String(index).padStart(2, "0")}`));
    // SQLite: one transaction (one wait for the disk) for all twenty; PostgreSQL: one each.
    expect(counted.transactions).toBe(provider === "sqlite" ? 1 : 20);
  });

  it("alone, one that throws stores nothing and its caller hears its own error", async () => {
    const counted = await countingAdapter();
    const alone = runGroupedSqlTransaction(counted.adapter, async (tx) => {
      await tx.execute(insertEvent("alone-rolled-back"));
      throw new Error("changed my mind");
    });
    await expect(alone).rejects.toThrow("changed my mind");
    expect(await requestIds("alone-")).toEqual([]);
    expect(counted.transactions).toBe(1);
  });

  it("one arriving while a group commits goes into the next group, and is stored", async () => {
    const counted = await countingAdapter();
    let late: Promise<string> | undefined;
    const first = runGroupedSqlTransaction(counted.adapter, async (tx) => {
      await tx.execute(insertEvent("next-group-first"));
      late = runGroupedSqlTransaction(counted.adapter, async (later) => {
        await later.execute(insertEvent("next-group-late"));
        return "late";
      });
      return "first";
    });
    expect(await first).toBe("first");
    expect(await late).toBe("late");
    expect(await requestIds("next-group-")).toEqual(["next-group-first", "next-group-late"]);
    expect(counted.transactions).toBe(2);
  });

  it.runIf(provider === "sqlite")("a failure that ends the whole transaction fails the group with its own error, and stores none of it", async () => {
    const counted = await countingAdapter();
    const results = await Promise.allSettled(
      ["ended-before", "ended-by", "ended-after"].map((requestId) =>
        runGroupedSqlTransaction(counted.adapter, async (tx) => {
          await tx.execute(insertEvent(requestId));
          if (requestId === "ended-by") {
            // As SQLite itself does on a full disk or an I/O error.
            await tx.execute(Prisma.sql`ROLLBACK`);
            throw new Error("disk full");
          }
        }),
      ),
    );
    expect(results.map((result) => (result.status === "rejected" ? (result.reason as Error).message : "stored"))).toEqual(["disk full", "disk full", "disk full"]);
    expect(await requestIds("ended-")).toEqual([]);
    // The connection takes new work afterwards.
    await runGroupedSqlTransaction(counted.adapter, (tx) => tx.execute(insertEvent("ended-then-stored")));
    expect(await requestIds("ended-")).toEqual(["ended-then-stored"]);
  });

  it.runIf(provider === "sqlite")("when the shared transaction cannot start, every queued caller hears 'database unavailable' and nothing is stored", async () => {
    const clientTransaction = handle.database.client.$transaction(
      async (tx) => {
        await tx.webhookEvent.create({ data: { kind: "inbound", requestId: "holding-the-connection", outcome: "rejected", httpStatus: 400, bodyBytes: 0 } });
        await new Promise((resolve) => setTimeout(resolve, 2_300));
      },
      { timeout: 10_000 },
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    const counted = await countingAdapter();
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, (_, index) => runGroupedSqlTransaction(counted.adapter, (tx) => tx.execute(insertEvent(`unavailable-${index}`)))),
    );
    expect(results.every((result) => result.status === "rejected" && isDatabaseUnavailable(result.reason))).toBe(true);
    await clientTransaction;
    expect(await requestIds("unavailable-")).toEqual([]);
  });
});
