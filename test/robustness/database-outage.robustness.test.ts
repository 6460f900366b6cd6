// The database goes away in the middle of a burst of webhooks. While it is away CareDesk answers
// 503 (so Vonage retries), never 500; once it is back, the failed deliveries replayed the way
// Vonage retries them (with backoff, until 200) are all stored: nothing is lost, nothing doubled.
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { parseDatabaseUrl } from "@/lib/db/database-url";
import { CHANNELS } from "@/lib/messages/channels";
import { postgresServerUrl } from "@/test/support/providers";
import { runBounded } from "@/test/support/run-bounded";
import { startTcpProxy, throughProxy, type TcpProxy } from "@/test/support/tcp-proxy";
import { startWebhookStack, type WebhookStack } from "@/test/support/webhook-stack";
import { buildInboundPayload } from "@/test/vonage-fake/build-payloads";
import { sendWebhook } from "@/test/vonage-fake/send-webhook";

type Payload = Record<string, unknown>;

const burst = (count: number): Payload[] =>
  Array.from({ length: count }, (_, index) => buildInboundPayload({ channel: CHANNELS[index % CHANNELS.length]!, messageType: "text", from: `4479${30_000_000 + index}` }));

/** Vonage-style redelivery: again after a delay that doubles, until 200 (bounded here). */
async function redeliver(stack: WebhookStack, payload: Payload): Promise<number[]> {
  const statuses: number[] = [];
  for (let attempt = 0, delayMs = 100; attempt < 12; attempt++, delayMs = Math.min(delayMs * 2, 2_000)) {
    const response = await sendWebhook(stack.target, "inbound", payload);
    await response.body?.cancel();
    statuses.push(response.status);
    if (response.status === 200) break;
    await new Promise((resolve) => setTimeout(resolve, delayMs));
  }
  return statuses;
}

async function expectNothingLost(stack: WebhookStack, payloads: Payload[]) {
  const rows = await stack.db.message.findMany({ where: { direction: "inbound" }, select: { messageUuid: true } });
  expect(rows.map((row) => row.messageUuid).sort()).toEqual(payloads.map((payload) => String(payload.message_uuid)).sort());
  expect((await fetch(`${stack.server.baseUrl}/api/health`)).status).toBe(200);
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe.runIf(postgresServerUrl)("PostgreSQL goes away mid-burst", () => {
  it("answers 503 while it is away, and loses nothing once failed deliveries are replayed", async () => {
    const server = new URL(postgresServerUrl!);
    const proxy: TcpProxy = await startTcpProxy({ host: server.hostname, port: Number(server.port || 5432) });
    cleanups.push(() => proxy.close());
    const stack = await startWebhookStack({ provider: "postgresql", postgresServerUrl, serverDatabaseUrl: (url) => throughProxy(url, proxy) });
    cleanups.push(() => stack.stop());

    const payloads = burst(300);
    let answered = 0;
    const firstStatuses = await runBounded(payloads, 10, async (payload) => {
      const response = await sendWebhook(stack.target, "inbound", payload);
      await response.body?.cancel();
      answered += 1;
      // Cut with requests in flight, and come back while the burst is still going.
      if (answered === 100) proxy.cut();
      if (answered === 200) proxy.restore();
      return response.status;
    });
    expect(firstStatuses.filter((status) => status !== 200 && status !== 503)).toEqual([]);
    expect(firstStatuses.filter((status) => status === 503).length).toBeGreaterThan(0);

    const failed = payloads.filter((_, index) => firstStatuses[index] !== 200);
    const replays = await runBounded(failed, 10, (payload) => redeliver(stack, payload));
    expect(replays.map((statuses) => statuses.at(-1))).toEqual(failed.map(() => 200));
    expect(replays.flat().filter((status) => status !== 200 && status !== 503)).toEqual([]);
    await expectNothingLost(stack, payloads);
  });
});

// SQLite "goes away" when another writer holds its lock for longer than CareDesk's busy timeout
// (SQLITE_BUSY_TIMEOUT_MS: 2 s here, 10 s by default). The lock is held until the deliveries sent
// meanwhile have been answered: none can be stored while it is held, so each must be refused once
// its wait ran out. (A lock of a fixed length did not always refuse one: a background job's write
// could take the first wait, better-sqlite3 waiting synchronously, and a delivery's wait after it
// then outlasted the lock.) With the default, each of those waits blocked the server for 10 s, and
// the test took 55–115 s.
const BUSY_TIMEOUT_MS = 2_000;

describe("SQLite locked by another writer for longer than CareDesk waits", () => {
  it("answers 503 while it cannot write, recovers, and loses nothing once failed deliveries are replayed", async () => {
    const stack = await startWebhookStack({ provider: "sqlite", env: { SQLITE_BUSY_TIMEOUT_MS: String(BUSY_TIMEOUT_MS) } });
    cleanups.push(() => stack.stop());
    const target = parseDatabaseUrl(stack.database.url);
    if (target.provider !== "sqlite") throw new Error("expected a SQLite database");
    // Another process holding the write lock: a backup, a migration, a stuck tool.
    const locker = new Database(target.filePath, { timeout: 0 });
    cleanups.push(async () => void (locker.open && locker.close()));
    const payloads = burst(43);
    const send = async (payload: Payload) => {
      const response = await sendWebhook(stack.target, "inbound", payload);
      await response.body?.cancel();
      return response.status;
    };

    const before = await runBounded(payloads.slice(0, 20), 5, send);
    locker.exec("BEGIN EXCLUSIVE");
    const during = await runBounded(payloads.slice(20, 22), 2, send);
    locker.exec("ROLLBACK");
    const startedAt = performance.now();
    const after = await runBounded(payloads.slice(22), 5, send);
    expect(after).toEqual(after.map(() => 200));
    expect(performance.now() - startedAt, "back to normal speed once the lock is gone").toBeLessThan(5_000);

    const firstStatuses = [...before, ...during, ...after];
    expect(firstStatuses.filter((status) => status !== 200 && status !== 503)).toEqual([]);
    expect(during).toEqual([503, 503]);
    const failed = payloads.filter((_, index) => firstStatuses[index] !== 200);
    const replays = await runBounded(failed, 3, (payload) => redeliver(stack, payload));
    expect(replays.map((statuses) => statuses.at(-1))).toEqual(failed.map(() => 200));
    await expectNothingLost(stack, payloads);
  });
});
