// Presence over real HTTP on both databases: one person's reports reach a colleague's live stream
// (viewing, typing, typing running out, leaving), never their own, and never the stream of someone
// who may not see the thread; on PostgreSQL, across two instances of one deployment.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createDb, type Db } from "@/lib/db";
import type { PresencePerson, PresenceSnapshot } from "@/lib/presence/presence-snapshot";
import { createTestUser, TEST_PASSWORD, uniqueCustomerNumber } from "@/test/support/factories";
import { mustSignIn } from "@/test/support/http-session";
import { careDeskServers, serverLogLines, waitForLogLines } from "@/test/support/servers";
import { startCareDeskServer } from "@/test/support/start-server";

const databases: Db[] = [];
afterAll(async () => {
  await Promise.all(databases.map((db) => db.$disconnect()));
});

type SentEvent = { event: string; data: string };

/** A live stream read as it comes: every event is kept, and a test waits for the one it expects. */
async function openEventStream(baseUrl: string, cookie: string) {
  const controller = new AbortController();
  const events: SentEvent[] = [];
  let wake = () => {};
  const response = await fetch(`${baseUrl}/api/events`, { headers: { cookie }, signal: controller.signal });
  expect(response.status).toBe(200);
  let isConnected = false;
  void (async () => {
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    for (;;) {
      const next = await reader.read();
      if (next.done) break;
      buffer += decoder.decode(next.value, { stream: true });
      const blocks = buffer.split("\n\n");
      buffer = blocks.pop()!;
      for (const block of blocks) {
        // The stream subscribes to everything before it says so.
        if (block.includes(": connected")) isConnected = true;
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (data !== undefined) events.push({ event: /^event: (.*)$/m.exec(block)?.[1] ?? "message", data });
      }
      wake();
    }
  })().catch(() => {});

  /** Resolves once `isDone` holds (checked at each chunk read), or fails after `timeoutMs`. */
  const until = async (isDone: () => boolean, what: string, timeoutMs = 10_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!isDone()) {
      if (Date.now() > deadline) throw new Error(`${what} did not arrive; the stream had: ${JSON.stringify(events)}`);
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, 200);
      });
    }
  };
  await until(() => isConnected, "the stream's greeting");
  const presences = () => events.filter((event) => event.event === "presence").map((event) => JSON.parse(event.data) as PresenceSnapshot);
  return {
    presences,
    /** The first presence event after the `after`-th one that `matches`. */
    async presenceWhere(matches: (presence: PresenceSnapshot) => boolean, after = 0): Promise<PresenceSnapshot> {
      await until(() => presences().slice(after).some(matches), "the presence event");
      return presences().slice(after).find(matches)!;
    },
    close: () => controller.abort(),
  };
}

async function report(baseUrl: string, cookie: string, conversationId: string, state: string): Promise<PresencePerson[]> {
  const response = await fetch(`${baseUrl}/api/conversations/${conversationId}/presence`, {
    method: "POST",
    headers: { cookie, "content-type": "application/json" },
    body: JSON.stringify({ state }),
  });
  expect(response.status, await response.clone().text()).toBe(200);
  expect(response.headers.get("cache-control")).toBe("no-store");
  return ((await response.json()) as { people: PresencePerson[] }).people;
}

describe.each(careDeskServers())("POST /api/conversations/{id}/presence on $provider", (server) => {
  const db = createDb(server.databaseUrl);
  databases.push(db);
  const suffix = randomUUID().slice(0, 8);
  // Sam and Bea are in the team that handles the restricted inbox; Cal is in no team: he sees the
  // open inbox (no team handles it) and not the restricted one. Nobody else sees either inbox's
  // conversations differently: both inboxes are this file's own.
  const people = {} as Record<"sam" | "bea" | "cal" | "admin", { id: string; email: string; cookie: string }>;
  let restrictedInboxId: string;
  let openInboxId: string;

  async function createConversation(inboxId: string): Promise<string> {
    const address = uniqueCustomerNumber();
    const contact = await db.contact.create({ data: { channel: "whatsapp", address } });
    const conversation = await db.conversation.create({ data: { inboxId, contactId: contact.id, channel: "whatsapp", businessNumber: "447700900300", lastMessageAt: new Date() } });
    return conversation.id;
  }

  beforeAll(async () => {
    const sam = await createTestUser(db);
    await db.user.update({ where: { id: sam.id }, data: { name: `Sam ${suffix}` } });
    const bea = await createTestUser(db);
    const cal = await createTestUser(db);
    const admin = await createTestUser(db, { role: "admin" });
    restrictedInboxId = (await db.inbox.create({ data: { name: `Presence restricted ${suffix}` } })).id;
    openInboxId = (await db.inbox.create({ data: { name: `Presence open ${suffix}` } })).id;
    await db.team.create({
      data: { name: `Presence team ${suffix}`, members: { create: [{ userId: sam.id }, { userId: bea.id }] }, inboxes: { create: { inboxId: restrictedInboxId } } },
    });
    for (const [key, user] of Object.entries({ sam, bea, cal, admin })) {
      people[key as keyof typeof people] = { id: user.id, email: user.email, cookie: await mustSignIn(server.baseUrl, user.email, TEST_PASSWORD) };
    }
  });

  describe("refuses", () => {
    const cases: { name: string; status: number; request: () => Promise<{ conversationId: string; cookie?: string; contentType?: string; body: string }> }[] = [
      { name: "a signed-out visitor", status: 401, request: async () => ({ conversationId: await createConversation(openInboxId), body: '{"state":"viewing"}' }) },
      { name: "a body that is not JSON", status: 400, request: async () => ({ conversationId: await createConversation(openInboxId), cookie: people.sam.cookie, body: "viewing" }) },
      {
        name: "a body sent as a form would be",
        status: 415,
        request: async () => ({ conversationId: await createConversation(openInboxId), cookie: people.sam.cookie, contentType: "text/plain", body: '{"state":"viewing"}' }),
      },
      { name: "an unknown state", status: 422, request: async () => ({ conversationId: await createConversation(openInboxId), cookie: people.sam.cookie, body: '{"state":"dancing"}' }) },
      { name: "a body without a state", status: 422, request: async () => ({ conversationId: await createConversation(openInboxId), cookie: people.sam.cookie, body: "{}" }) },
      { name: "a conversation that does not exist", status: 404, request: async () => ({ conversationId: "cnotthere0000000000000000", cookie: people.sam.cookie, body: '{"state":"viewing"}' }) },
      { name: "an id that is no id", status: 404, request: async () => ({ conversationId: "Not_An_Id", cookie: people.sam.cookie, body: '{"state":"viewing"}' }) },
      { name: "a conversation out of the person's reach", status: 404, request: async () => ({ conversationId: await createConversation(restrictedInboxId), cookie: people.cal.cookie, body: '{"state":"viewing"}' }) },
    ];
    it.each(cases)("$name with $status", async ({ status, request }) => {
      const { conversationId, cookie, contentType, body } = await request();
      const response = await fetch(`${server.baseUrl}/api/conversations/${conversationId}/presence`, {
        method: "POST",
        headers: { ...(cookie ? { cookie } : {}), "content-type": contentType ?? "application/json" },
        body,
      });
      expect(response.status).toBe(status);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBeTruthy();
    });
  });

  it("tells colleagues who may see the thread that Sam is viewing, typing and gone; Sam never sees himself; Cal is told nothing", async () => {
    const conversationId = await createConversation(restrictedInboxId);
    const streams = {
      sam: await openEventStream(server.baseUrl, people.sam.cookie),
      bea: await openEventStream(server.baseUrl, people.bea.cookie),
      cal: await openEventStream(server.baseUrl, people.cal.cookie),
      admin: await openEventStream(server.baseUrl, people.admin.cookie),
    };
    try {
      const sam = (state: PresencePerson["state"]) => ({ id: people.sam.id, name: `Sam ${suffix}`, state });
      const isThis = (presence: PresenceSnapshot) => presence.conversationId === conversationId;

      // Nobody else there yet.
      expect(await report(server.baseUrl, people.sam.cookie, conversationId, "viewing")).toEqual([]);
      expect(await streams.bea.presenceWhere(isThis)).toEqual({ conversationId, people: [sam("viewing")] });
      expect(await streams.admin.presenceWhere(isThis)).toEqual({ conversationId, people: [sam("viewing")] });

      // Bea opens the thread: the answer names Sam (and not her); Sam is told of Bea, by her email's local part.
      expect(await report(server.baseUrl, people.bea.cookie, conversationId, "viewing")).toEqual([sam("viewing")]);
      const bea = { id: people.bea.id, name: people.bea.email.split("@")[0], state: "viewing" };
      expect(await streams.sam.presenceWhere(isThis)).toEqual({ conversationId, people: [bea] });

      const seenByBea = streams.bea.presences().length;
      expect(await report(server.baseUrl, people.sam.cookie, conversationId, "typing")).toEqual([bea]);
      expect(await streams.bea.presenceWhere(isThis, seenByBea)).toEqual({ conversationId, people: [sam("typing")] });

      const typedSeenByBea = streams.bea.presences().length;
      await report(server.baseUrl, people.sam.cookie, conversationId, "left");
      expect(await streams.bea.presenceWhere(isThis, typedSeenByBea)).toEqual({ conversationId, people: [] });
      expect(await report(server.baseUrl, people.bea.cookie, conversationId, "viewing")).toEqual([]);

      // A last report everyone may see: a stream sends in order, so once it arrives, anything
      // about the restricted thread would have arrived before it.
      const openConversationId = await createConversation(openInboxId);
      await report(server.baseUrl, people.bea.cookie, openConversationId, "viewing");
      const isOpen = (presence: PresenceSnapshot) => presence.conversationId === openConversationId;
      await streams.sam.presenceWhere(isOpen);
      await streams.cal.presenceWhere(isOpen);
      // Sam's own stream never named him: his reports were not even sent to it.
      expect(streams.sam.presences().filter(isThis)).toEqual([{ conversationId, people: [bea] }]);
      // Cal may not see the restricted thread: he was told nothing of it.
      expect(streams.cal.presences().filter(isThis)).toEqual([]);
      await report(server.baseUrl, people.bea.cookie, openConversationId, "left");
    } finally {
      for (const stream of Object.values(streams)) stream.close();
    }
  });

  it("shows typing again as viewing once the reports of typing stop", async () => {
    const conversationId = await createConversation(restrictedInboxId);
    const stream = await openEventStream(server.baseUrl, people.bea.cookie);
    try {
      const isThis = (presence: PresenceSnapshot) => presence.conversationId === conversationId;
      await report(server.baseUrl, people.sam.cookie, conversationId, "typing");
      expect((await stream.presenceWhere(isThis)).people).toEqual([{ id: people.sam.id, name: `Sam ${suffix}`, state: "typing" }]);
      // No report in between: the server's own timer ends the typing (after 6 s).
      const viewing = await stream.presenceWhere((presence) => isThis(presence) && presence.people[0]?.state === "viewing");
      expect(viewing.people).toEqual([{ id: people.sam.id, name: `Sam ${suffix}`, state: "viewing" }]);
      await report(server.baseUrl, people.sam.cookie, conversationId, "left");
    } finally {
      stream.close();
    }
  });

  it("logs reports at debug level only, and still logs a refused one", async () => {
    const conversationId = await createConversation(restrictedInboxId);
    await report(server.baseUrl, people.sam.cookie, conversationId, "viewing");
    await report(server.baseUrl, people.sam.cookie, conversationId, "left");
    const refused = await fetch(`${server.baseUrl}/api/conversations/${conversationId}/presence`, {
      method: "POST",
      headers: { cookie: people.cal.cookie, "content-type": "application/json" },
      body: '{"state":"viewing"}',
    });
    expect(refused.status).toBe(404);
    const path = `/api/conversations/${conversationId}/presence`;
    expect(await waitForLogLines(server.logFile, (line) => line.path === path && line.status === 404)).toHaveLength(1);
    expect((await serverLogLines(server.logFile)).filter((line) => line.path === path && line.status === 200)).toEqual([]);
  });

  it.runIf(server.provider === "postgresql")("reaches a colleague whose stream is on another instance of the deployment, and answers there who is on the thread", async () => {
    // A second instance on the same database with the same secret, as behind a load balancer.
    const other = await startCareDeskServer({
      env: {
        DATABASE_URL: server.databaseUrl,
        AUTH_SECRET: inject("authSecret"),
        VONAGE_SIGNATURE_SECRET: inject("signatureSecret"),
        VONAGE_API_KEY: inject("vonageApiKey"),
        LOG_LEVEL: "info",
        AUTH_FAILURE_DELAY_MS: "0",
        LIVE_ACCESS_CHECK_SECONDS: "1",
      },
    });
    const conversationId = await createConversation(restrictedInboxId);
    const isThis = (presence: PresenceSnapshot) => presence.conversationId === conversationId;
    const beaOnOther = await openEventStream(other.baseUrl, people.bea.cookie);
    const samHere = await openEventStream(server.baseUrl, people.sam.cookie);
    try {
      const sam = { id: people.sam.id, name: `Sam ${suffix}`, state: "viewing" };
      const bea = { id: people.bea.id, name: people.bea.email.split("@")[0], state: "viewing" };
      await report(server.baseUrl, people.sam.cookie, conversationId, "viewing");
      expect(await beaOnOther.presenceWhere(isThis)).toEqual({ conversationId, people: [sam] });
      // The other instance knows Sam is there, from the notice alone.
      expect(await report(other.baseUrl, people.bea.cookie, conversationId, "viewing")).toEqual([sam]);
      expect(await samHere.presenceWhere(isThis)).toEqual({ conversationId, people: [bea] });
      await report(server.baseUrl, people.sam.cookie, conversationId, "left");
      expect(await beaOnOther.presenceWhere((presence) => isThis(presence) && presence.people.length === 0)).toEqual({ conversationId, people: [] });
      await report(other.baseUrl, people.bea.cookie, conversationId, "left");
    } finally {
      beaOnOther.close();
      samHere.close();
      await other.stop();
    }
  });
});
