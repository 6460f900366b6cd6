// Triage over real HTTP against `next start`, on both databases: the thread's forms set pending,
// snooze, priority and labels, each with one activity row the thread then shows between the
// messages; a snooze ends by itself (the server's waker, every second here) with one "woke" row,
// however many wakers run at once; and the inbox's bulk actions change every selected
// conversation within reach, saying how many were out of it.
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { withDatabase } from "@/test/support/with-database";
import { createDb, type Db } from "@/lib/db";
import { createTestUser, TEST_PASSWORD, uniqueCustomerNumber } from "@/test/support/factories";
import { mustSignIn } from "@/test/support/http-session";
import { careDeskServers } from "@/test/support/servers";
import { submitActionForm } from "@/test/support/submit-action-form";
import { wakeSnoozedConversations } from "./wake-snoozed-conversations";

const databases: Db[] = [];
afterAll(async () => {
  await Promise.all(databases.map((db) => db.$disconnect()));
});

async function waitFor<T>(read: () => Promise<T>, isDone: (value: T) => boolean, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (isDone(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: last saw ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}


describe.each(careDeskServers())("triage on $provider", (server) => {
  const db = createDb(server.databaseUrl);
  databases.push(db);
  const get = (path: string, cookie: string) => fetch(`${server.baseUrl}${path}`, { headers: { cookie }, redirect: "manual" });

  /** A customer's conversation with one message from them; in `inboxId` (default: the environment's), assigned to `assigneeId`. */
  async function createConversation(options: { assigneeId?: string; inboxId?: string; status?: string; snoozedUntil?: Date } = {}) {
    const address = uniqueCustomerNumber();
    const sentAt = new Date(Date.now() - 60_000);
    const contact = await db.contact.create({ data: { channel: "whatsapp", address, profileName: `Customer ${address.slice(-4)}` } });
    const conversation = await db.conversation.create({
      data: {
        contactId: contact.id,
        channel: "whatsapp",
        businessNumber: "447700900300",
        lastMessageAt: sentAt,
        lastInboundAt: sentAt,
        assigneeId: options.assigneeId,
        inboxId: options.inboxId,
        status: options.status,
        snoozedUntil: options.snoozedUntil,
      },
    });
    await db.message.create({
      data: { messageUuid: randomUUID(), conversationId: conversation.id, direction: "inbound", channel: "whatsapp", messageType: "text", fromAddress: address, toAddress: "447700900300", text: "Where is my parcel?", rawPayload: "{}", sentAt },
    });
    return conversation;
  }

  async function signedInAgent() {
    const agent = await createTestUser(db);
    return { agent, cookie: await mustSignIn(server.baseUrl, agent.email, TEST_PASSWORD) };
  }

  /** An inbox a team of someone else handles: its unassigned conversations are out of an outsider's reach. */
  async function inboxOfAnotherTeam() {
    const member = await createTestUser(db);
    const inbox = await db.inbox.create({ data: { name: `Elsewhere ${randomUUID().slice(0, 8)}` } });
    await db.team.create({ data: { name: `Team ${randomUUID().slice(0, 8)}`, members: { create: { userId: member.id } }, inboxes: { create: { inboxId: inbox.id } } } });
    return inbox;
  }

  const activityOf = (conversationId: string) => db.conversationActivity.findMany({ where: { conversationId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });

  it("sets pending, priority, a label and a snooze from the thread, then resolves; each leaves one activity line the thread shows", async () => {
    const { agent, cookie } = await signedInAgent();
    const conversation = await createConversation({ assigneeId: agent.id });
    const label = await db.label.create({ data: { name: `Refund ${randomUUID().slice(0, 6)}`, color: "red" } });
    const path = `/conversations/${conversation.id}`;
    const post = async (formContaining: string, fields: Record<string, string> = {}) => {
      const result = await submitActionForm(server.baseUrl, path, { cookie, formContaining, fields });
      expect(result.status).toBe(200);
      return result.html;
    };

    expect(await post('type="hidden" name="kind" value="pending"')).toContain("Set to pending: the customer&#x27;s next message opens it again.");
    expect((await db.conversation.findUniqueOrThrow({ where: { id: conversation.id } })).status).toBe("pending");
    expect(await post('name="priority" value="high"')).toContain("Priority saved.");
    expect(await post(`name="labelId" value="${label.id}"`)).toContain("Label added.");
    const until = new Date(Date.now() + 3 * 24 * 60 * 60_000);
    expect(await post('type="hidden" name="kind" value="snooze"', { until: until.toISOString() })).toContain("Snoozed.");
    expect(await db.conversation.findUniqueOrThrow({ where: { id: conversation.id }, include: { labels: true } })).toMatchObject({
      status: "snoozed",
      snoozedUntil: until,
      priority: "high",
      labels: [{ labelId: label.id }],
    });
    expect(await post('type="hidden" name="kind" value="resolve"')).toContain("Resolved.");

    expect((await activityOf(conversation.id)).map((row) => [row.kind, row.actorId, row.detail])).toEqual([
      ["pending", agent.id, {}],
      ["prioritised", agent.id, { priority: "high" }],
      ["labelled", agent.id, { label: label.name, color: "red" }],
      ["snoozed", agent.id, { until: until.toISOString() }],
      ["resolved", agent.id, {}],
    ]);
    expect((await db.auditEvent.findMany({ where: { targetId: conversation.id }, orderBy: { createdAt: "asc" } })).map((row) => row.action)).toEqual([
      "conversation.pending",
      "conversation.prioritised",
      "conversation.labelled",
      "conversation.snoozed",
      "conversation.resolved",
    ]);

    const thread = await (await get(path, cookie)).text();
    for (const line of ["set this to pending", "set priority to high", `added the label ${label.name}`, "snoozed this until", "resolved this"]) {
      expect(thread).toContain(`${agent.email} ${line}`);
    }
    // Between the messages, in time order: the customer's message first, the lines after it.
    expect(thread.indexOf("Where is my parcel?")).toBeLessThan(thread.indexOf(`${agent.email} set this to pending`));
    expect(thread.indexOf(`${agent.email} set this to pending`)).toBeLessThan(thread.indexOf(`${agent.email} resolved this`));
  });

  it("refuses a snooze without a time or in the past, in words, changing nothing", async () => {
    const { agent, cookie } = await signedInAgent();
    const conversation = await createConversation({ assigneeId: agent.id });
    const path = `/conversations/${conversation.id}`;
    for (const [until, words] of [
      ["", "Choose when the conversation should come back."],
      [new Date(Date.now() - 60_000).toISOString(), "Choose a time in the future."],
      ["next tuesday", "Choose when the conversation should come back."],
    ] as const) {
      const result = await submitActionForm(server.baseUrl, path, { cookie, formContaining: 'type="hidden" name="kind" value="snooze"', fields: { until } });
      expect(result.html).toContain(words);
    }
    expect(await db.conversation.findUniqueOrThrow({ where: { id: conversation.id } })).toMatchObject({ status: "open", snoozedUntil: null });
    expect(await activityOf(conversation.id)).toEqual([]);
  });

  it("wakes a snoozed conversation when its time comes: open again, one activity line without an actor, a live update, and the thread says so", async () => {
    const { agent, cookie } = await signedInAgent();
    const due = await createConversation({ assigneeId: agent.id });
    const later = await createConversation({ assigneeId: agent.id });
    const path = `/conversations/${due.id}`;
    const lastEventBefore = (await db.liveEvent.findFirst({ orderBy: { id: "desc" }, select: { id: true } }))?.id ?? 0;
    const snoozed = await submitActionForm(server.baseUrl, path, { cookie, formContaining: 'type="hidden" name="kind" value="snooze"', fields: { until: new Date(Date.now() + 3_000).toISOString() } });
    expect(snoozed.html).toContain("Snoozed.");
    await submitActionForm(server.baseUrl, `/conversations/${later.id}`, { cookie, formContaining: 'type="hidden" name="kind" value="snooze"', fields: { until: new Date(Date.now() + 60 * 60_000).toISOString() } });

    const woken = await waitFor(() => db.conversation.findUniqueOrThrow({ where: { id: due.id } }), (row) => row.status === "open", "the snooze to end");
    expect(woken.snoozedUntil).toBeNull();
    const wokeRows = (await activityOf(due.id)).filter((row) => row.kind === "woke");
    expect(wokeRows).toHaveLength(1);
    expect(wokeRows[0]!.actorId).toBeNull();
    const events = await db.liveEvent.findMany({ where: { conversationId: due.id, id: { gt: lastEventBefore } }, orderBy: { id: "asc" } });
    // One for the snooze, one for its end.
    expect(events.map((event) => event.kind)).toEqual(["state", "state"]);
    expect(await (await get(path, cookie)).text()).toContain("Snooze ended");
    // The other one's time has not come.
    expect(await db.conversation.findUniqueOrThrow({ where: { id: later.id } })).toMatchObject({ status: "snoozed" });
    expect((await activityOf(later.id)).map((row) => row.kind)).toEqual(["snoozed"]);
  });

  it("wakes each conversation once, whatever number of wakers run at once (here: the server's and three more)", async () => {
    const past = new Date(Date.now() - 1_000);
    const conversations = await Promise.all(Array.from({ length: 12 }, () => createConversation({ status: "snoozed", snoozedUntil: past })));
    const ids = conversations.map((conversation) => conversation.id);
    // Small batches, so the wakers interleave over the rows rather than one taking them all.
    await withDatabase(server.databaseUrl, () => Promise.all([1, 2, 3].map(() => (async () => {
      while ((await wakeSnoozedConversations({ limit: 2 })).length > 0);
    })())));
    const rows = await waitFor(() => db.conversation.findMany({ where: { id: { in: ids } } }), (found) => found.every((row) => row.status === "open"), "every snooze to end");
    expect(rows.every((row) => row.snoozedUntil === null)).toBe(true);
    const woke = await db.conversationActivity.groupBy({ by: ["conversationId"], where: { conversationId: { in: ids }, kind: "woke" }, _count: true });
    expect(woke.map((group) => group._count).sort()).toEqual(ids.map(() => 1));
  });

  it("wakes only what is still snoozed: a conversation resolved meanwhile stays resolved", async () => {
    const past = new Date(Date.now() - 1_000);
    // A snooze time left on a resolved conversation (as a race between the waker and an agent could leave it).
    const resolved = await createConversation({ status: "resolved", snoozedUntil: past });
    const witness = await createConversation({ status: "snoozed", snoozedUntil: past });
    await waitFor(() => db.conversation.findUniqueOrThrow({ where: { id: witness.id } }), (row) => row.status === "open", "the waker's round");
    expect(await db.conversation.findUniqueOrThrow({ where: { id: resolved.id } })).toMatchObject({ status: "resolved" });
    expect(await activityOf(resolved.id)).toEqual([]);
  });

  describe("bulk actions", () => {
    const BULK_FORM = 'aria-label="Bulk actions"';
    const bulk = (cookie: string, fields: Record<string, string | string[]>) => submitActionForm(server.baseUrl, "/conversations?status=all", { cookie, formContaining: BULK_FORM, fields });

    it("resolves, assigns and labels every selected conversation within reach, and says how many were not", async () => {
      const { agent, cookie } = await signedInAgent();
      const colleague = await createTestUser(db);
      const elsewhere = await inboxOfAnotherTeam();
      const mine = [await createConversation({ assigneeId: agent.id }), await createConversation({ assigneeId: agent.id })];
      const outOfReach = await createConversation({ inboxId: elsewhere.id });
      const label = await db.label.create({ data: { name: `Damaged ${randomUUID().slice(0, 6)}`, color: "amber" } });
      const ids = [...mine.map((conversation) => conversation.id), outOfReach.id];

      const labelled = await bulk(cookie, { conversationIds: ids, kind: "label", labelId: label.id });
      expect(labelled.status).toBe(200);
      expect(labelled.html).toContain("Labelled 2 conversations. 1 was out of your reach (gone, or no longer yours to see).");
      const resolved = await bulk(cookie, { conversationIds: ids, kind: "resolve" });
      expect(resolved.html).toContain("Resolved 2 conversations. 1 was out of your reach");
      const stateOf = (id: string) => db.conversation.findUniqueOrThrow({ where: { id }, include: { labels: true } });
      for (const { id } of mine) expect(await stateOf(id)).toMatchObject({ status: "resolved", labels: [{ labelId: label.id }] });
      expect(await stateOf(outOfReach.id)).toMatchObject({ status: "open", labels: [] });
      expect(await activityOf(outOfReach.id)).toEqual([]);

      // Handing them to a colleague: they leave the agent's reach (the environment's inbox may be a team's).
      const assigned = await bulk(cookie, { conversationIds: mine.map((conversation) => conversation.id), kind: "assign", assigneeId: colleague.id });
      expect(assigned.html).toContain("Assigned 2 conversations.");
      for (const { id } of mine) {
        expect((await stateOf(id)).assigneeId).toBe(colleague.id);
        expect((await activityOf(id)).map((row) => row.kind)).toEqual(["labelled", "resolved", "assigned"]);
        expect(await db.auditEvent.count({ where: { targetId: id, actorId: agent.id } })).toBe(3);
      }
    });

    it.each<[string, Record<string, string | string[]>, string]>([
      ["no conversation selected", { conversationIds: [] }, "Select the conversations first."],
      ["an id that is not one", { conversationIds: ["../../etc"] }, "Unknown id."],
      ["a change that is not one", { kind: "explode" }, "Choose what to do: that action is not one CareDesk knows."],
      ["a label that does not exist", { kind: "label", labelId: "cnolabel000000000000000000" }, "1 could not be changed: That label no longer exists"],
    ])("refuses %s in words, changing nothing", async (_, fields, words) => {
      const { agent, cookie } = await signedInAgent();
      const conversation = await createConversation({ assigneeId: agent.id });
      const result = await bulk(cookie, { conversationIds: [conversation.id], kind: "resolve", ...fields });
      expect(result.status).toBe(200);
      expect(result.html).toContain(words);
      expect(await db.conversation.findUniqueOrThrow({ where: { id: conversation.id } })).toMatchObject({ status: "open" });
      expect(await activityOf(conversation.id)).toEqual([]);
    });

    it("sends a signed-out form to sign in, changing nothing", async () => {
      const { agent, cookie } = await signedInAgent();
      const conversation = await createConversation({ assigneeId: agent.id });
      const result = await submitActionForm(server.baseUrl, "/conversations?status=all", { cookie, actionCookie: "", formContaining: BULK_FORM, fields: { conversationIds: [conversation.id], kind: "resolve" } });
      expect(result.html).not.toContain("Resolved 1 conversation");
      expect((await db.conversation.findUniqueOrThrow({ where: { id: conversation.id } })).status).toBe("open");
    });
  });
});
