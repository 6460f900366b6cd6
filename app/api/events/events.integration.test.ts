import { afterAll, describe, expect, inject, it } from "vitest";
import { createDb, type Db } from "@/lib/db";
import { createTestUser, TEST_PASSWORD, uniqueCustomerNumber } from "@/test/support/factories";
import { mustSignIn, signOutOverHttp } from "@/test/support/http-session";
import { careDeskServers } from "@/test/support/servers";
import { buildInboundPayload } from "@/test/vonage-fake/build-payloads";
import { sendWebhook } from "@/test/vonage-fake/send-webhook";

const databases: Db[] = [];
afterAll(async () => {
  await Promise.all(databases.map((db) => db.$disconnect()));
});

/** Reads Server-Sent Events until one matches, or the time is up. */
async function waitForEvent(response: Response, predicate: (data: string) => boolean, timeoutMs: number): Promise<string | null> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  const deadline = Date.now() + timeoutMs;
  try {
    while (Date.now() < deadline) {
      const next = await Promise.race([reader.read(), new Promise<null>((resolve) => setTimeout(() => resolve(null), deadline - Date.now()))]);
      if (!next || next.done) return null;
      buffer += decoder.decode(next.value, { stream: true });
      for (const block of buffer.split("\n\n")) {
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (data && predicate(data)) return data;
      }
    }
    return null;
  } finally {
    await reader.cancel();
  }
}

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

  it("tells a signed-in agent within a second or two that a conversation received a message", async () => {
    const user = await createTestUser(db);
    const cookie = await mustSignIn(server.baseUrl, user.email, TEST_PASSWORD);
    const stream = await fetch(`${server.baseUrl}/api/events`, { headers: { cookie } });
    expect(stream.status).toBe(200);
    expect(stream.headers.get("content-type")).toMatch(/^text\/event-stream/);

    const payload = buildInboundPayload({ channel: "whatsapp", messageType: "text", from: uniqueCustomerNumber() });
    const started = Date.now();
    const waiting = waitForEvent(stream, (data) => data.includes('"type":"conversation"'), 5_000);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await sendWebhook({ baseUrl: server.baseUrl, signatureSecret: inject("signatureSecret"), apiKey: inject("vonageApiKey") }, "inbound", payload);
    const data = await waiting;
    expect(data).not.toBeNull();
    const conversation = await db.message.findUniqueOrThrow({ where: { messageUuid: String(payload.message_uuid) } });
    expect(JSON.parse(data!)).toEqual({ type: "conversation", conversationId: conversation.conversationId });
    expect(Date.now() - started).toBeLessThan(3_000);
    // Ids only: no message text travels on the live channel.
    expect(data).not.toContain(String(payload.text));
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
