// Three CareDesk instances behind nginx (docs/nginx/caredesk.conf) on one PostgreSQL database and
// one S3-compatible store, started by scripts/cluster/start-cluster.ts as `npm run cluster` starts
// them, with the Vonage stand-ins in this process: live updates cross instances, background work
// is done once, a rolling restart under load loses nothing, and a killed instance leaves nothing
// half-done. The cases run in order on one cluster; the restart and the kill leave it serving.
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "@/lib/db";
import { mediaItemFolder } from "@/lib/media-archive/storage-key";
import { startCluster, type Cluster } from "@/scripts/cluster/start-cluster";
import { makeTestMasterKey, testStorage } from "@/test/support/archive-for-test";
import { createTestUser, TEST_PASSWORD, uniqueCustomerNumber } from "@/test/support/factories";
import { mustSignIn, signInOverHttp } from "@/test/support/http-session";
import { openLiveTab, type LiveTab } from "@/test/support/open-live-tab";
import { processOfConnection } from "@/test/support/process-of-connection";
import { serverLogLines } from "@/test/support/servers";
import { submitActionForm } from "@/test/support/submit-action-form";
import { createFakeApplication, type FakeApplication } from "@/test/vonage-fake/application-keys";
import { buildInboundPayload } from "@/test/vonage-fake/build-payloads";
import { startFakeMediaServer, type FakeMediaServer } from "@/test/vonage-fake/media-server";
import { startMessagesApiStandIn, type MessagesApiStandIn } from "@/test/vonage-fake/messages-api";
import { sendWebhook } from "@/test/vonage-fake/send-webhook";

const postgresServerUrl = process.env.TEST_DATABASE_URL;

/** Short enough that a killed instance's copy is taken up within the test, long enough for a busy machine to renew it. */
const ARCHIVE_LEASE_SECONDS = 10;
/** Long enough for the kill to land while the send waits; a reply's lease is this plus 30 s (lib/replies/start-reply-sender.ts). */
const SEND_TIMEOUT_SECONDS = 10;
/** A copy waits this long for Vonage's next byte: longer than the test takes to set up the kill. */
const MEDIA_IDLE_TIMEOUT_MS = 120_000;

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Reads until `isDone` holds; fails after `timeoutMs` saying what was awaited and what was last read. */
async function waitUntil<T>(read: () => Promise<T>, isDone: (value: T) => boolean, what: string, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (isDone(value)) return value;
    if (Date.now() > deadline) throw new Error(`Waited ${timeoutMs} ms for ${what}; last read: ${JSON.stringify(value)?.slice(0, 500)}`);
    await pause(250);
  }
}

describe.skipIf(!postgresServerUrl)("three instances behind nginx on one PostgreSQL database and one S3 store", () => {
  let cluster: Cluster;
  let application: FakeApplication;
  let media: FakeMediaServer;
  let messagesApi: MessagesApiStandIn;
  let db: Db;
  let cookie: string;
  const signatureSecret = randomBytes(24).toString("hex");
  const firstAdmin = { email: `first-admin-${randomUUID().slice(0, 8)}@example.test`, password: `cluster-${randomBytes(12).toString("base64url")}` };
  const apiKey = "caredesk-cluster";
  // Vonage posts reply statuses through nginx, as it would in production; the address is known once nginx runs.
  const statusTarget = { baseUrl: "", signatureSecret, apiKey };
  const webhookTarget = () => ({ baseUrl: cluster.url, signatureSecret, apiKey });
  // Holds a test may leave unreleased when it fails: released in afterAll, so nothing waits for ever.
  const releases: (() => void)[] = [];

  beforeAll(async () => {
    application = createFakeApplication();
    media = await startFakeMediaServer({ publicKey: application.publicKeyPem, applicationId: application.applicationId });
    messagesApi = await startMessagesApiStandIn({ applicationId: application.applicationId, publicKeyPem: application.publicKeyPem, statusWebhook: statusTarget, statusDelayMs: 20 });
    cluster = await startCluster({
      database: { serverUrl: postgresServerUrl! },
      storage: "s3rver",
      env: {
        VONAGE_SIGNATURE_SECRET: signatureSecret,
        VONAGE_API_KEY: apiKey,
        VONAGE_APPLICATION_ID: application.applicationId,
        VONAGE_PRIVATE_KEY_PATH: application.privateKeyPath,
        VONAGE_MEDIA_ORIGINS: media.origin,
        VONAGE_API_HOST: messagesApi.url,
        VONAGE_SEND_TIMEOUT_SECONDS: String(SEND_TIMEOUT_SECONDS),
        MEDIA_ENCRYPTION_KEY: makeTestMasterKey("cluster").envValue,
        MEDIA_ARCHIVE_LEASE_SECONDS: String(ARCHIVE_LEASE_SECONDS),
        MEDIA_IDLE_TIMEOUT_MS: String(MEDIA_IDLE_TIMEOUT_MS),
        AUTH_FAILURE_DELAY_MS: "0",
        // Every instance starts on the fresh database at once, and each finds no user yet.
        ADMIN_EMAIL: firstAdmin.email,
        ADMIN_PASSWORD: firstAdmin.password,
        WEBHOOK_REFUSED_EVENTS_PER_MINUTE: "100000",
      },
    });
    statusTarget.baseUrl = cluster.url;
    // This process lists the bucket to find what the instances stored.
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: cluster.env.AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: cluster.env.AWS_SECRET_ACCESS_KEY, AWS_REGION: cluster.env.AWS_REGION });
    db = createDb(cluster.databaseUrl);
    const admin = await createTestUser(db, { role: "admin" });
    cookie = await mustSignIn(cluster.url, admin.email, TEST_PASSWORD);
  });

  afterAll(async () => {
    for (const release of releases) release();
    await db?.$disconnect();
    await cluster?.stop();
    await messagesApi?.close();
    await media?.close();
    await application?.remove();
  });

  /** The instance whose log has the request `requestId` (CareDesk's x-request-id), by name. */
  async function instanceThatAnswered(requestId: string): Promise<string> {
    return waitUntil(
      async () => {
        for (const instance of cluster.instances) {
          for (const logFile of instance.logFiles) {
            if ((await serverLogLines(logFile)).some((line) => line.requestId === requestId && line.msg === "request")) return instance.name;
          }
        }
        return "";
      },
      (name) => name !== "",
      `request ${requestId} in an instance's log`,
      10_000,
    );
  }

  /** What the instances logged about a media item, for a failure's message. */
  async function logLinesAbout(mediaItemId: string): Promise<string> {
    const lines: string[] = [];
    for (const instance of cluster.instances) {
      for (const logFile of instance.logFiles) {
        for (const line of await serverLogLines(logFile).catch(() => [])) if (line.mediaItemId === mediaItemId) lines.push(`${instance.name}: ${JSON.stringify(line)}`);
      }
    }
    return lines.join("\n");
  }

  /** The instance (its index) whose process holds the connection from `clientPort` to `serverPort`. */
  async function instanceOfConnection(clientPort: number, serverPort: number): Promise<number> {
    const pids = cluster.instances.map((instance) => instance.server?.process.pid ?? -1);
    const pid = await processOfConnection(clientPort, serverPort, pids);
    const index = pids.indexOf(pid ?? -2);
    if (index === -1) throw new Error(`No instance holds the connection from port ${clientPort} to ${serverPort}`);
    return index;
  }

  /** A customer writes through nginx; returns the stored message. */
  async function customerWrites(text = `Hello ${randomUUID()}`) {
    const payload = buildInboundPayload({ channel: "whatsapp", messageType: "text", from: uniqueCustomerNumber(), text });
    const response = await sendWebhook(webhookTarget(), "inbound", payload);
    expect(response.status).toBe(200);
    return db.message.findUniqueOrThrow({ where: { messageUuid: String(payload.message_uuid) } });
  }

  /** An agent replies from the thread's composer, through nginx; returns the reply's row id. */
  async function reply(conversationId: string, text: string): Promise<string> {
    const submitted = await submitActionForm(cluster.url, `/conversations/${conversationId}`, { cookie, formContaining: 'name="mode"', fields: { text } });
    expect(submitted.status).toBe(200);
    const row = await db.message.findFirstOrThrow({ where: { conversationId, direction: "outbound", text }, select: { id: true } });
    return row.id;
  }

  it("starts all three at once on a fresh database: one first admin, every instance serving", async () => {
    const admins = await db.user.findMany({ where: { email: firstAdmin.email }, select: { id: true, role: true } });
    expect(admins).toEqual([{ id: expect.any(String), role: "admin" }]);
    expect(await db.auditEvent.count({ where: { action: "user.created", targetId: admins[0]!.id } })).toBe(1);
    for (const instance of cluster.instances) expect((await fetch(`${instance.baseUrl}/api/health`)).status).toBe(200);
    expect(await signInOverHttp(cluster.url, firstAdmin.email, firstAdmin.password)).toMatchObject({ cookie: expect.any(String) });
  });

  it("records the client's address nginx saw, not the one the client claims (TRUSTED_PROXY_HOPS=1)", async () => {
    // A client that claims an address: nginx appends the one it saw, and TRUSTED_PROXY_HOPS=1 takes that.
    const admin = await createTestUser(db, { role: "admin" });
    const signedIn = await signInOverHttp(cluster.url, admin.email, TEST_PASSWORD, { headers: { "x-forwarded-for": "203.0.113.9" } });
    expect(signedIn.cookie).not.toBeNull();
    // Auth.js built its redirect from AUTH_URL, the address nginx serves.
    expect(signedIn.location).toBe(`${cluster.url}/conversations`);
    const session = await db.session.findFirstOrThrow({ where: { userId: admin.id } });
    expect(session.clientAddress).toBe("127.0.0.1");
  });

  it("shows a webhook taken by any instance live in a tab on instance B and in a tab through nginx", async () => {
    const instanceB = cluster.instances[1]!;
    const direct = await openLiveTab({ baseUrl: instanceB.baseUrl, cookie });
    const proxied = await openLiveTab({ baseUrl: cluster.url, cookie });
    try {
      // Six through nginx, taken in turn by the instances (which one took each is read from its log).
      const payloads = Array.from({ length: 6 }, () => buildInboundPayload({ channel: "sms", messageType: "text", from: uniqueCustomerNumber(), text: `Live ${randomUUID()}` }));
      const takenBy: string[] = [];
      for (const payload of payloads) {
        const response = await sendWebhook(webhookTarget(), "inbound", payload);
        expect(response.status).toBe(200);
        takenBy.push(await instanceThatAnswered(response.headers.get("x-request-id")!));
      }
      // Otherwise this would prove nothing about crossing instances.
      expect(takenBy.filter((name) => name !== instanceB.name).length).toBeGreaterThan(0);
      const messages = await db.message.findMany({ where: { messageUuid: { in: payloads.map((payload) => String(payload.message_uuid)) } }, select: { id: true } });
      expect(messages).toHaveLength(payloads.length);
      const hasAll = (tab: LiveTab) => messages.every((message) => [...tab.updates.values()].some((update) => update.kind === "message" && update.messageId === message.id));
      await direct.waitFor(hasAll, `the six messages (taken by ${takenBy.join(", ")}) on instance ${instanceB.name}`);
      await proxied.waitFor(hasAll, "the six messages through nginx");
      expect(direct.attempts).toHaveLength(1);
      expect(proxied.attempts).toHaveLength(1);
    } finally {
      await direct.close();
      await proxied.close();
    }
  });

  it("archives each media file once and sends each reply once, whichever instances take the work", async () => {
    const files = Array.from({ length: 9 }, () => ({ id: randomUUID(), body: randomBytes(300 * 1024) }));
    for (const file of files) media.addMedia({ id: file.id, contentType: "application/pdf", body: file.body });
    const payloads = files.map((file) => buildInboundPayload({ channel: "whatsapp", messageType: "file", from: uniqueCustomerNumber(), mediaOrigin: media.origin, mediaIds: [file.id] }));
    const answers = await Promise.all(payloads.map((payload) => sendWebhook(webhookTarget(), "inbound", payload)));
    expect(answers.map((answer) => answer.status)).toEqual(payloads.map(() => 200));

    const conversations = await Promise.all(Array.from({ length: 6 }, () => customerWrites()));
    const replyIds = await Promise.all(conversations.map((message, index) => reply(message.conversationId, `Reply ${index} ${randomUUID()}`)));

    const items = await waitUntil(
      () => db.mediaItem.findMany({ where: { message: { messageUuid: { in: payloads.map((payload) => String(payload.message_uuid)) } } }, select: { id: true, vonageUrl: true, archiveState: true } }),
      (rows) => rows.length === files.length && rows.every((row) => row.archiveState === "archived"),
      "every file to be archived",
    );
    const replies = await waitUntil(
      () => db.message.findMany({ where: { id: { in: replyIds } }, select: { id: true, sendState: true, status: true } }),
      (rows) => rows.every((row) => row.sendState === "accepted" && row.status === "read"),
      "every reply to be sent and read",
    );
    expect(replies).toHaveLength(replyIds.length);

    const storage = testStorage(cluster.env);
    for (const file of files) {
      const item = items.find((row) => row.vonageUrl === media.urlOf(file.id))!;
      // Fetched from Vonage once, stored once, and what is served is the file.
      const fetches = media.stats.requestsById.get(file.id);
      if (fetches !== 1) {
        const row = await db.mediaItem.findUniqueOrThrow({ where: { id: item.id }, select: { archiveAttempts: true, archiveError: true } });
        expect.fail(`file ${item.id} fetched ${fetches} times; its row: ${JSON.stringify(row)}; the instances' logs:\n${await logLinesAbout(item.id)}`);
      }
      const stored = await db.storedFile.findMany({ where: { mediaItemId: item.id } });
      expect(stored.map((row) => row.variant)).toEqual(["original"]);
      expect(await storage.list(mediaItemFolder(item.id))).toEqual([stored[0]!.storageKey]);
      const served = await fetch(`${cluster.url}/api/media/${item.id}`, { headers: { cookie } });
      expect(served.status).toBe(200);
      expect(sha256(new Uint8Array(await served.arrayBuffer()))).toBe(sha256(file.body));
    }
    expect(media.stats.requestsById.size).toBe(files.length);
    for (const replyId of replyIds) expect(messagesApi.accepted.filter((message) => message.clientRef === replyId)).toHaveLength(1);
    expect(messagesApi.stats.requests).toBe(replyIds.length);
  });

  it("restarts all three in turn under a steady stream of webhooks: every message stored once, the live tab misses nothing", async () => {
    const tab = await openLiveTab({ baseUrl: cluster.url, cookie });
    // The tab is subscribed: every event after this one must reach it.
    const firstEvent = await db.liveEvent.findFirst({ orderBy: { id: "desc" }, select: { id: true } });
    const sent: string[] = [];
    const deliveries: Promise<void>[] = [];
    const failedAnswers: string[] = [];
    let isSending = true;

    // As Vonage does: each message is delivered until it is answered 2xx, backing off between tries.
    const deliver = async (payload: Record<string, unknown>) => {
      for (let attempt = 1; ; attempt++) {
        const outcome = await sendWebhook(webhookTarget(), "inbound", payload).then(
          async (response) => {
            await response.body?.cancel();
            return response.status;
          },
          (error: unknown) => (error instanceof Error ? error.message : String(error)),
        );
        if (outcome === 200) return;
        failedAnswers.push(String(outcome));
        if (attempt > 20) throw new Error(`message ${String(payload.message_uuid)} not taken after 20 tries (last: ${outcome})`);
        await pause(Math.min(5_000, 250 * 2 ** attempt));
      }
    };
    const sending = (async () => {
      while (isSending) {
        const payload = buildInboundPayload({ channel: "sms", messageType: "text", from: uniqueCustomerNumber(), text: `Steady ${randomUUID()}` });
        sent.push(String(payload.message_uuid));
        deliveries.push(deliver(payload));
        await pause(150);
      }
    })();

    try {
      for (const [index, instance] of cluster.instances.entries()) {
        const exit = await cluster.stopInstance(index);
        // Stopped as a deploy stops it: by itself, promptly, open live streams included.
        expect(exit, `instance ${instance.name} on SIGTERM`).toMatchObject({ wasForced: false, code: 143 });
        await cluster.startInstance(index);
        // Webhooks flow through the restarted instance again before the next one goes.
        await waitUntil(
          () => serverLogLines(instance.logFiles.at(-1)!),
          (lines) => lines.some((line) => line.msg === "request" && line.path === "/api/webhooks/inbound" && line.status === 200),
          `instance ${instance.name} to take webhooks again`,
        );
      }
    } finally {
      isSending = false;
      await sending;
    }
    await Promise.all(deliveries);

    const stored = await db.message.groupBy({ by: ["messageUuid"], where: { messageUuid: { in: sent } }, _count: { _all: true } });
    expect(stored).toHaveLength(sent.length);
    expect(stored.every((row) => row._count._all === 1)).toBe(true);

    const events = await db.liveEvent.findMany({ where: { id: { gt: firstEvent?.id ?? 0 } }, select: { id: true }, orderBy: { id: "asc" } });
    expect(events.length).toBeGreaterThanOrEqual(sent.length);
    try {
      await tab.waitFor((seen) => events.every((event) => seen.updates.has(event.id)), `all ${events.length} live events`);
    } finally {
      await tab.close();
    }
    // Its stream ended with its instance at least once, and each reconnect was let in at once.
    expect(tab.attempts.length).toBeGreaterThan(1);
    expect(tab.attempts.filter((attempt) => attempt.status !== 200)).toEqual([]);
    expect(tab.resets).toBe(0);
    console.info(`rolling restart: ${sent.length} webhooks, ${failedAnswers.length} redeliveries (${[...new Set(failedAnswers)].join(", ") || "none"}), ${tab.attempts.length} stream connections`);
  });

  it("leaves nothing half-done when an instance is killed mid-copy and mid-send", async () => {
    // A file large enough that its copy is uploading in parts; Vonage stops sending it after 6 MB.
    let releaseFile = () => {};
    const fileHeld = new Promise<void>((resolve) => (releaseFile = resolve));
    releases.push(releaseFile);
    const file = { id: randomUUID(), body: randomBytes(8 * 1024 * 1024) };
    media.addMedia({ id: file.id, contentType: "application/pdf", body: file.body, holdFirstAnswer: fileHeld, holdAfterBytes: 6 * 1024 * 1024 });
    const payload = buildInboundPayload({ channel: "whatsapp", messageType: "file", from: uniqueCustomerNumber(), mediaOrigin: media.origin, mediaIds: [file.id] });
    expect((await sendWebhook(webhookTarget(), "inbound", payload)).status).toBe(200);
    const [copyPort] = await waitUntil(async () => media.stats.clientPortsById.get(file.id) ?? [], (ports) => ports.length > 0, "an instance to start the copy");
    const copier = await instanceOfConnection(copyPort!, Number(new URL(media.origin).port));

    // Vonage takes the reply but its answer (and its statuses) do not come until released.
    let releaseStatuses = () => {};
    const statusesHeld = new Promise<void>((resolve) => (releaseStatuses = resolve));
    releases.push(releaseStatuses);
    messagesApi.answerNext({ acceptAfterMs: 10 * 60_000, holdStatuses: statusesHeld });
    const customer = await customerWrites();
    const replyId = await reply(customer.conversationId, `Sending while killed ${randomUUID()}`);
    const taken = await waitUntil(async () => messagesApi.accepted.filter((message) => message.clientRef === replyId), (found) => found.length === 1, "Vonage to take the reply");
    const sender = await instanceOfConnection(taken[0]!.clientPort, Number(new URL(messagesApi.url).port));

    for (const index of new Set([copier, sender])) {
      const exit = await cluster.stopInstance(index, { signal: "SIGKILL" });
      expect(exit.signal).toBe("SIGKILL");
    }
    releaseFile();
    // Both were killed in the middle (the copy and the send were still waiting), or this proves nothing.
    expect(await db.mediaItem.findFirstOrThrow({ where: { vonageUrl: media.urlOf(file.id) }, select: { archiveState: true, archiveAttempts: true } })).toEqual({ archiveState: "pending", archiveAttempts: 1 });
    expect(await db.message.findUniqueOrThrow({ where: { id: replyId }, select: { sendState: true } })).toEqual({ sendState: "sending" });

    // Another instance takes the copy up once the lease has run out: one complete file, nothing else in storage.
    const item = await waitUntil(
      () => db.mediaItem.findFirstOrThrow({ where: { message: { messageUuid: String(payload.message_uuid) } }, select: { id: true, archiveState: true } }),
      (row) => row.archiveState === "archived",
      "another instance to archive the file",
    );
    const stored = await db.storedFile.findMany({ where: { mediaItemId: item.id } });
    expect(stored.map((row) => row.variant)).toEqual(["original"]);
    expect(await testStorage(cluster.env).list(mediaItemFolder(item.id))).toEqual([stored[0]!.storageKey]);
    const served = await fetch(`${cluster.url}/api/media/${item.id}`, { headers: { cookie } });
    expect(served.status).toBe(200);
    expect(sha256(new Uint8Array(await served.arrayBuffer()))).toBe(sha256(file.body));
    expect(media.stats.requestsById.get(file.id)).toBeGreaterThanOrEqual(2);

    // The reply's fate is unknown once its lease has run out; it is not sent again.
    await waitUntil(() => db.message.findUniqueOrThrow({ where: { id: replyId }, select: { sendState: true } }), (row) => row.sendState === "unknown", "the interrupted send to be unknown");
    expect(messagesApi.accepted.filter((message) => message.clientRef === replyId)).toHaveLength(1);
    // Vonage's statuses arrive (through nginx) and settle it, as sent once.
    releaseStatuses();
    const settled = await waitUntil(
      () => db.message.findUniqueOrThrow({ where: { id: replyId }, select: { sendState: true, status: true, messageUuid: true, sendAttempts: true } }),
      (row) => row.status === "read",
      "Vonage's statuses to settle the reply",
    );
    expect(settled).toMatchObject({ sendState: "accepted", messageUuid: taken[0]!.messageUuid, sendAttempts: 1 });
    expect(messagesApi.accepted.filter((message) => message.clientRef === replyId)).toHaveLength(1);
  });
});
