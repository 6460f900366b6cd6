import { afterAll, describe, expect, inject, it } from "vitest";
import { createDb, type Db } from "@/lib/db";
import { createOutboundMessage, createTestUser, TEST_PASSWORD, uniqueCustomerNumber } from "@/test/support/factories";
import { mustSignIn, signOutOverHttp } from "@/test/support/http-session";
import { careDeskServers } from "@/test/support/servers";
import { buildInboundPayload, buildStatusPayload } from "@/test/vonage-fake/build-payloads";
import { sendWebhook } from "@/test/vonage-fake/send-webhook";

const databases: Db[] = [];
afterAll(async () => {
  await Promise.all(databases.map((db) => db.$disconnect()));
});

type SentEvent = { id: string | null; event: string; data: string };

/** Reads Server-Sent Events until `isEnough` says so (or the time is up); returns those read. */
async function readEvents(response: Response, isEnough: (events: SentEvent[]) => boolean, timeoutMs: number): Promise<SentEvent[]> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  const events: SentEvent[] = [];
  const deadline = Date.now() + timeoutMs;
  try {
    while (Date.now() < deadline && !isEnough(events)) {
      const next = await Promise.race([reader.read(), new Promise<null>((resolve) => setTimeout(() => resolve(null), deadline - Date.now()))]);
      if (!next || next.done) break;
      buffer += decoder.decode(next.value, { stream: true });
      const blocks = buffer.split("\n\n");
      buffer = blocks.pop()!;
      for (const block of blocks) {
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (data !== undefined) events.push({ id: /^id: (.*)$/m.exec(block)?.[1] ?? null, event: /^event: (.*)$/m.exec(block)?.[1] ?? "message", data });
      }
    }
    return events;
  } finally {
    await reader.cancel();
  }
}

// The servers are shared with other test files: updates of theirs arrive too, among them "erased"
// ones, which carry no conversation.
type Update = { id: number; kind: string; conversationId: string; messageId: string | null; conversation: { id: string; lastMessagePreview: string; lastInboundAt: string | null; readState?: unknown } | null };
const updatesOf = (events: SentEvent[]) => events.filter((event) => event.event === "update").map((event) => JSON.parse(event.data) as Update);

/** Reads the stream until the server ends it (true), or the time is up (false). */
async function waitForEnd(response: Response, timeoutMs: number): Promise<boolean> {
  const reader = response.body!.getReader();
  const deadline = Date.now() + timeoutMs;
  try {
    while (Date.now() < deadline) {
      const next = await Promise.race([reader.read(), new Promise<null>((resolve) => setTimeout(() => resolve(null), deadline - Date.now()))]);
      if (next?.done) return true;
    }
    return false;
  } finally {
    await reader.cancel().catch(() => {});
  }
}

// The test servers check every second (LIVE_ACCESS_CHECK_SECONDS=1, test/support/global-setup.ts).
const ACCESS_CHECK_MS = 1_000;

describe.each(careDeskServers())("GET /api/events on $provider", (server) => {
  const db = createDb(server.databaseUrl);
  databases.push(db);

  it("answers 401 to a signed-out visitor", async () => {
    const response = await fetch(`${server.baseUrl}/api/events`);
    expect(response.status).toBe(401);
  });

  const target = () => ({ baseUrl: server.baseUrl, signatureSecret: inject("signatureSecret"), apiKey: inject("vonageApiKey") });

  it("tells a signed-in agent within a second or two what changed, with the inbox row to show", async () => {
    const user = await createTestUser(db);
    const cookie = await mustSignIn(server.baseUrl, user.email, TEST_PASSWORD);
    const stream = await fetch(`${server.baseUrl}/api/events`, { headers: { cookie } });
    expect(stream.status).toBe(200);
    expect(stream.headers.get("content-type")).toMatch(/^text\/event-stream/);

    const payload = buildInboundPayload({ channel: "whatsapp", messageType: "text", from: uniqueCustomerNumber() });
    const started = Date.now();
    const isMine = (update: Update) => update.conversation?.lastMessagePreview === payload.text;
    const reading = readEvents(stream, (events) => updatesOf(events).some(isMine), 5_000);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await sendWebhook(target(), "inbound", payload);
    const sent = (await reading).find((event) => event.event === "update" && isMine(JSON.parse(event.data) as Update));
    expect(sent).toBeDefined();
    expect(Date.now() - started).toBeLessThan(3_000);
    const message = await db.message.findUniqueOrThrow({ where: { messageUuid: String(payload.message_uuid) } });
    const update = JSON.parse(sent!.data) as Update;
    expect(update).toMatchObject({ kind: "message", conversationId: message.conversationId, messageId: message.id, conversation: { id: message.conversationId, lastInboundAt: message.sentAt.toISOString() } });
    // A row shared by every tab carries nobody's read state.
    expect(update.conversation?.readState).toBeUndefined();
    // The event id is the stored event's: a reconnect names it.
    expect(sent!.id).toBe(String(update.id));
    expect(await db.liveEvent.findUnique({ where: { id: update.id } })).toMatchObject({ kind: "message", messageId: message.id });
  });

  it("announces a status change of an outbound message with its message id", async () => {
    const user = await createTestUser(db);
    const cookie = await mustSignIn(server.baseUrl, user.email, TEST_PASSWORD);
    const outbound = await createOutboundMessage(db);
    const stream = await fetch(`${server.baseUrl}/api/events`, { headers: { cookie } });
    const reading = readEvents(stream, (events) => updatesOf(events).some((update) => update.messageId === outbound.id), 5_000);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await sendWebhook(target(), "status", buildStatusPayload({ messageUuid: outbound.messageUuid!, status: "delivered" }));
    expect(updatesOf(await reading).find((update) => update.messageId === outbound.id)).toMatchObject({ kind: "status", conversationId: outbound.conversationId });
  });

  it("sends a reconnecting tab what arrived while it was away, in order, then live ones", async () => {
    const user = await createTestUser(db);
    const cookie = await mustSignIn(server.baseUrl, user.email, TEST_PASSWORD);
    const before = await db.liveEvent.findFirst({ orderBy: { id: "desc" }, select: { id: true } });
    // Three messages while no stream is open.
    const away = Array.from({ length: 3 }, () => buildInboundPayload({ channel: "sms", messageType: "text", from: uniqueCustomerNumber() }));
    for (const payload of away) await sendWebhook(target(), "inbound", payload);
    const live = buildInboundPayload({ channel: "sms", messageType: "text", from: uniqueCustomerNumber() });
    const texts = [...away, live].map((payload) => String(payload.text));

    const stream = await fetch(`${server.baseUrl}/api/events`, { headers: { cookie, "last-event-id": String(before?.id ?? 0) } });
    const isDone = (events: SentEvent[]) => texts.every((text) => updatesOf(events).some((update) => update.conversation?.lastMessagePreview === text));
    const reading = readEvents(stream, isDone, 8_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await sendWebhook(target(), "inbound", live);
    const updates = updatesOf(await reading);
    const seen = texts.map((text) => updates.findIndex((update) => update.conversation?.lastMessagePreview === text));
    expect(seen.every((index) => index >= 0)).toBe(true);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    // Each event once, however catch-up and live overlapped.
    expect(new Set(updates.map((update) => update.id)).size).toBe(updates.length);
  });

  it("tells a tab that names an event the server never had to reload", async () => {
    const user = await createTestUser(db);
    const cookie = await mustSignIn(server.baseUrl, user.email, TEST_PASSWORD);
    const stream = await fetch(`${server.baseUrl}/api/events?lastEventId=999999999`, { headers: { cookie } });
    const events = await readEvents(stream, (read) => read.some((event) => event.event === "reset"), 5_000);
    expect(events.find((event) => event.event === "reset")).toBeDefined();
  });

  describe("closes the stream within the access check after the person may no longer see it", () => {
    const openStream = async (role: "agent" | "admin" = "agent") => {
      const user = await createTestUser(db, { role });
      const cookie = await mustSignIn(server.baseUrl, user.email, TEST_PASSWORD);
      const stream = await fetch(`${server.baseUrl}/api/events`, { headers: { cookie } });
      expect(stream.status).toBe(200);
      return { user, cookie, stream };
    };
    const ends = (stream: Response) => waitForEnd(stream, 3 * ACCESS_CHECK_MS + 1_000);

    it("stays open while nothing changes", async () => {
      const { stream } = await openStream();
      expect(await waitForEnd(stream, 3 * ACCESS_CHECK_MS)).toBe(false);
    });

    it("after the person is disabled", async () => {
      const { user, stream } = await openStream();
      await db.user.update({ where: { id: user.id }, data: { isDisabled: true, sessionVersion: { increment: 1 } } });
      expect(await ends(stream)).toBe(true);
    });

    it("after they sign out", async () => {
      const { cookie, stream } = await openStream();
      await signOutOverHttp(server.baseUrl, cookie);
      expect(await ends(stream)).toBe(true);
    });

    it("after their role changes", async () => {
      const { user, stream } = await openStream("admin");
      await db.user.update({ where: { id: user.id }, data: { role: "agent" } });
      expect(await ends(stream)).toBe(true);
    });
  });
});
