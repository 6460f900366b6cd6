// Older messages opened in place: from the thread page's own "Older messages" link back to the
// first message, a page at a time, each message once, with the activity of each page's time.
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { THREAD_PAGE_SIZE, type ThreadPage } from "@/lib/conversations/thread-pages";
import { createDb, type Db } from "@/lib/db";
import { createOutboundMessage, createTestUser, TEST_PASSWORD } from "@/test/support/factories";
import { mustSignIn } from "@/test/support/http-session";
import { careDeskServers } from "@/test/support/servers";

const databases: Db[] = [];
afterAll(async () => {
  await Promise.all(databases.map((db) => db.$disconnect()));
});

const MINUTE = 60_000;

describe.each(careDeskServers())("GET /api/conversations/{id}/older-messages on $provider", (server) => {
  const db = createDb(server.databaseUrl);
  databases.push(db);

  /** A thread of `count` messages a minute apart, the newest now; returns them oldest first. */
  async function threadOf(count: number) {
    const newest = await createOutboundMessage(db);
    const { conversationId, direction, channel, messageType, fromAddress, toAddress } = newest;
    const older = Array.from({ length: count - 1 }, (_, index) => ({
      ...{ conversationId, direction, channel, messageType, fromAddress, toAddress, rawPayload: "{}" },
      messageUuid: randomUUID(),
      text: `Message ${count - 2 - index}`,
      sentAt: new Date(newest.sentAt.getTime() - (index + 1) * MINUTE),
    }));
    await db.message.createMany({ data: older });
    return db.message.findMany({ where: { conversationId }, orderBy: [{ sentAt: "asc" }, { id: "asc" }], select: { id: true, sentAt: true } });
  }

  it("pages back from the thread page's link to the first message, each message once, with each page's activity", async () => {
    const messages = await threadOf(2 * THREAD_PAGE_SIZE + 20);
    const conversationId = (await db.message.findUniqueOrThrow({ where: { id: messages[0]!.id } })).conversationId;
    // Done between the 10th and 11th message: it belongs to the oldest page's time.
    const activity = await db.conversationActivity.create({ data: { conversationId, kind: "resolved", createdAt: new Date(messages[9]!.sentAt.getTime() + 1_000) } });
    const agent = await createTestUser(db);
    const cookie = await mustSignIn(server.baseUrl, agent.email, TEST_PASSWORD);

    const html = await (await fetch(`${server.baseUrl}/conversations/${conversationId}`, { headers: { cookie } })).text();
    expect(html.match(/data-testid="message"/g)).toHaveLength(THREAD_PAGE_SIZE);
    let cursor: string | null = html.match(/\?before=(\d+_[a-z0-9]+)/)?.[1] ?? null;
    const pages: ThreadPage[] = [];
    while (cursor) {
      const response = await fetch(`${server.baseUrl}/api/conversations/${conversationId}/older-messages?before=${cursor}`, { headers: { cookie } });
      expect(response.status).toBe(200);
      expect(response.headers.get("cache-control")).toBe("no-store");
      const page = (await response.json()) as ThreadPage;
      pages.unshift(page);
      cursor = page.olderCursor;
    }

    expect(pages.map((page) => page.messages.length)).toEqual([20, THREAD_PAGE_SIZE]);
    const shownIds = [...pages.flatMap((page) => page.messages.map((message) => message.id))];
    expect(shownIds).toEqual(messages.slice(0, -THREAD_PAGE_SIZE).map((message) => message.id));
    expect(pages.map((page) => page.activity.map((item) => item.id))).toEqual([[activity.id], []]);
  });

  it.each([
    ["signed out", 401, "valid"],
    ["an unknown conversation", 404, "unknown"],
    ["a conversation out of the agent's reach", 404, "out-of-reach"],
    ["no cursor", 400, "none"],
    ["a malformed cursor", 400, "malformed"],
  ] as const)("answers %s with %i, in words", async (_, status, kind) => {
    const message = await createOutboundMessage(db);
    const agent = await createTestUser(db);
    if (kind === "out-of-reach") {
      // In an inbox another team handles, and assigned to nobody.
      const inbox = await db.inbox.create({ data: { name: `Elsewhere ${randomUUID()}`, teams: { create: { team: { create: { name: `Others ${randomUUID()}` } } } } } });
      await db.conversation.update({ where: { id: message.conversationId }, data: { inboxId: inbox.id } });
    }
    const cookie = kind === "valid" ? "" : await mustSignIn(server.baseUrl, agent.email, TEST_PASSWORD);
    const conversationId = kind === "unknown" ? "c0000000000000000000000000" : message.conversationId;
    const before = { valid: `${Date.now()}_${message.id}`, unknown: `${Date.now()}_${message.id}`, "out-of-reach": `${Date.now()}_${message.id}`, none: "", malformed: "yesterday" }[kind];
    const response = await fetch(`${server.baseUrl}/api/conversations/${conversationId}/older-messages?before=${before}`, { headers: { cookie } });
    expect(response.status).toBe(status);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/\w+ \w+/);
  });
});
