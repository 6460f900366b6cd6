// Who sees which conversation, proven over real HTTP on both databases: two inboxes handled by two
// teams, Unrouted, an inbox no team handles, and four people (an admin, an agent of each team, an
// agent of no team). Every route and action that reads or changes a conversation is tried by every
// person against every conversation; out of reach is always 404 or no change, never a leak.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UNROUTED_INBOX_ID, ENVIRONMENT_INBOX_ID } from "@/lib/inboxes/inbox-ids";
import { createTestUser, TEST_PASSWORD, uniqueCustomerNumber } from "@/test/support/factories";
import { mustSignIn } from "@/test/support/http-session";
import { postgresServerUrl, testedProviders } from "@/test/support/providers";
import { submitActionForm } from "@/test/support/submit-action-form";
import { startWebhookStack, type WebhookStack } from "@/test/support/webhook-stack";
import { buildInboundPayload } from "@/test/vonage-fake/build-payloads";
import { sendWebhook } from "@/test/vonage-fake/send-webhook";

const NUMBERS = { orders: "447700911001", deliveries: "447700911002", environment: "447700911003", open: "447700911004", nobody: "447700911999" };

type Person = "admin" | "orders agent" | "deliveries agent" | "agent of no team";
type Place = "orders" | "deliveries" | "open" | "unrouted";

/** Who sees what: the decision the whole file checks, written once. */
const REACH: Record<Person, Place[]> = {
  admin: ["orders", "deliveries", "open", "unrouted"],
  "orders agent": ["orders", "open"],
  "deliveries agent": ["deliveries", "open"],
  "agent of no team": ["open"],
};
const PEOPLE = Object.keys(REACH) as Person[];
const PLACES: Place[] = ["orders", "deliveries", "open", "unrouted"];

type SentEvent = { event: string; data: string };

/** Reads Server-Sent Events for `ms`, then stops. */
async function eventsFor(response: Response, ms: number): Promise<SentEvent[]> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  const deadline = Date.now() + ms;
  let buffer = "";
  try {
    while (Date.now() < deadline) {
      const next = await Promise.race([reader.read(), new Promise<null>((resolve) => setTimeout(() => resolve(null), deadline - Date.now()))]);
      if (!next || next.done) break;
      buffer += decoder.decode(next.value, { stream: true });
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
  return buffer
    .split("\n\n")
    .map((block) => ({ event: /^event: (.*)$/m.exec(block)?.[1] ?? "", data: /^data: (.*)$/m.exec(block)?.[1] ?? "" }))
    .filter((event) => event.event === "update");
}

describe.each(testedProviders)("conversation access on %s", (provider) => {
  let stack: WebhookStack;
  const cookies = {} as Record<Person, string>;
  const ids = {} as Record<Person, string>;
  const conversations = {} as Record<Place, { id: string; messageId: string; customer: string; mediaId: string }>;
  let labelId: string;

  async function customerWrites(to: string, type: "text" | "image" = "image") {
    const customer = uniqueCustomerNumber();
    const payload = buildInboundPayload({ channel: "whatsapp", messageType: type, from: customer, to, mediaIds: type === "image" ? ["access-photo"] : [] });
    expect((await sendWebhook(stack.target, "inbound", payload)).status).toBe(200);
    const message = await stack.db.message.findUniqueOrThrow({ where: { messageUuid: String(payload.message_uuid) }, include: { media: true } });
    return { id: message.conversationId, messageId: message.id, customer, mediaId: message.media[0]?.id ?? "" };
  }

  beforeAll(async () => {
    stack = await startWebhookStack({ provider, postgresServerUrl });
    const db = stack.db;
    const admin = await createTestUser(db, { role: "admin" });
    const ordersAgent = await createTestUser(db);
    const deliveriesAgent = await createTestUser(db);
    const loneAgent = await createTestUser(db);
    Object.assign(ids, { admin: admin.id, "orders agent": ordersAgent.id, "deliveries agent": deliveriesAgent.id, "agent of no team": loneAgent.id });
    const orders = await db.inbox.create({ data: { name: "Orders", addresses: { create: { address: NUMBERS.orders } } } });
    const deliveries = await db.inbox.create({ data: { name: "Deliveries", addresses: { create: { address: NUMBERS.deliveries } } } });
    await db.inbox.create({ data: { name: "Open to all", addresses: { create: { address: NUMBERS.open } } } });
    // The environment's inbox lists a number of its own: from now on, other numbers are Unrouted.
    await db.inboxAddress.create({ data: { inboxId: ENVIRONMENT_INBOX_ID, address: NUMBERS.environment } });
    await db.team.create({ data: { name: "Orders team", members: { create: { userId: ordersAgent.id } }, inboxes: { create: [{ inboxId: orders.id }, { inboxId: ENVIRONMENT_INBOX_ID }] } } });
    await db.team.create({ data: { name: "Deliveries team", members: { create: { userId: deliveriesAgent.id } }, inboxes: { create: { inboxId: deliveries.id } } } });
    ({ id: labelId } = await db.label.create({ data: { name: "Access check", color: "slate" } }));
    conversations.orders = await customerWrites(NUMBERS.orders);
    conversations.deliveries = await customerWrites(NUMBERS.deliveries);
    conversations.open = await customerWrites(NUMBERS.open);
    conversations.unrouted = await customerWrites(NUMBERS.nobody);
    for (const person of PEOPLE) {
      const user = await db.user.findUniqueOrThrow({ where: { id: ids[person] } });
      cookies[person] = await mustSignIn(stack.server.baseUrl, user.email, TEST_PASSWORD);
    }
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const get = (person: Person, path: string) => fetch(`${stack.server.baseUrl}${path}`, { headers: { cookie: cookies[person] }, redirect: "manual" });

  it("routes each new conversation to the inbox serving its number, and the rest to Unrouted", async () => {
    const inboxOf = async (place: Place) => (await stack.db.conversation.findUniqueOrThrow({ where: { id: conversations[place].id }, include: { inbox: true } })).inbox;
    expect((await inboxOf("orders")).name).toBe("Orders");
    expect((await inboxOf("deliveries")).name).toBe("Deliveries");
    expect((await inboxOf("unrouted")).id).toBe(UNROUTED_INBOX_ID);
  });

  it.each(PEOPLE)("%s: the list, search, thread, gallery, messages and media show exactly what they reach", async (person) => {
    const list = await (await get(person, "/conversations?status=all")).text();
    for (const place of PLACES) {
      const isReached = REACH[person].includes(place);
      const { id, messageId, customer, mediaId } = conversations[place];
      expect(list.includes(`/conversations/${id}`), `${place} in the list`).toBe(isReached);
      const search = await (await get(person, `/conversations?status=all&q=${customer}`)).text();
      expect(search.includes(`/conversations/${id}`), `${place} in search`).toBe(isReached);
      expect((await get(person, `/conversations/${id}`)).status, `${place} thread`).toBe(isReached ? 200 : 404);
      expect((await get(person, `/conversations/${id}/media`)).status, `${place} gallery`).toBe(isReached ? 200 : 404);
      expect((await get(person, `/api/conversations/${id}/messages?ids=${messageId}`)).status, `${place} messages`).toBe(isReached ? 200 : 404);
      expect((await get(person, `/api/conversations/${id}/older-messages?before=${Date.now()}_${messageId}`)).status, `${place} older messages`).toBe(isReached ? 200 : 404);
      // Reached: it goes on to Vonage (not configured here, so not a 404); not reached: 404 before anything.
      const media = await get(person, `/api/media/${mediaId}`);
      await media.body?.cancel();
      if (isReached) expect(media.status, `${place} media`).not.toBe(404);
      else expect(media.status, `${place} media`).toBe(404);
    }
  });

  it.each(PEOPLE.filter((person) => person !== "admin"))("%s: actions on a conversation out of reach change nothing, even replaying an admin's form", async (person) => {
    // The answer is the page's (404 out of reach): what counts is that the action changed nothing.
    const replay = (place: Place, formContaining: string, fields: Record<string, string>) =>
      submitActionForm(stack.server.baseUrl, `/conversations/${conversations[place].id}`, { cookie: cookies.admin, actionCookie: cookies[person], formContaining, fields });
    const stateOf = (place: Place) =>
      stack.db.conversation.findUniqueOrThrow({ where: { id: conversations[place].id }, include: { messages: { where: { direction: "note" } }, labels: true, activities: true } });
    const outOfReach = PLACES.filter((candidate) => !REACH[person].includes(candidate));
    for (const place of outOfReach) {
      await replay(place, 'type="hidden" name="kind" value="resolve"', {});
      await replay(place, 'type="hidden" name="kind" value="pending"', {});
      await replay(place, 'type="hidden" name="kind" value="snooze"', { until: new Date(Date.now() + 60 * 60_000).toISOString() });
      await replay(place, 'name="priority" value="urgent"', {});
      await replay(place, `name="labelId" value="${labelId}"`, {});
      await replay(place, 'name="mode"', { mode: "note", text: "sneaky" });
    }
    // The inbox's bulk actions, naming every conversation out of reach at once.
    const bulk = await submitActionForm(stack.server.baseUrl, "/conversations?status=all", {
      cookie: cookies.admin,
      actionCookie: cookies[person],
      formContaining: 'aria-label="Bulk actions"',
      fields: { conversationIds: outOfReach.map((place) => conversations[place].id), kind: "resolve" },
    });
    expect(bulk.html).toContain(`${outOfReach.length} were out of your reach`);
    for (const place of outOfReach) {
      const conversation = await stateOf(place);
      expect(conversation.status, `${place} status`).toBe("open");
      expect(conversation.priority, `${place} priority`).toBe("none");
      expect(conversation.labels, `${place} labels`).toHaveLength(0);
      expect(conversation.activities, `${place} activity`).toHaveLength(0);
      expect(conversation.messages, `${place} notes`).toHaveLength(0);
    }
    // The same replays on a conversation within reach do act: the refusals above are access, not the replay.
    await replay("open", 'name="mode"', { mode: "note", text: `from ${person}` });
    expect((await stateOf("open")).messages.map((note) => note.text)).toContain(`from ${person}`);
    await replay("open", 'name="priority" value="low"', {});
    expect((await stateOf("open")).activities.map((row) => row.actorId)).toContain(ids[person]);
  });

  it("sends live updates only to those who reach the conversation", async () => {
    const streams = Object.fromEntries(await Promise.all(PEOPLE.map(async (person) => [person, await get(person, "/api/events")] as const))) as Record<Person, Response>;
    const reading = Object.fromEntries(PEOPLE.map((person) => [person, eventsFor(streams[person], 2_500)])) as Record<Person, Promise<SentEvent[]>>;
    await new Promise((resolve) => setTimeout(resolve, 300));
    const fresh = { orders: await customerWrites(NUMBERS.orders, "text"), deliveries: await customerWrites(NUMBERS.deliveries, "text"), unrouted: await customerWrites(NUMBERS.nobody, "text") };
    for (const person of PEOPLE) {
      const seen = new Set((await reading[person]).map((event) => (JSON.parse(event.data) as { conversationId: string }).conversationId));
      for (const place of ["orders", "deliveries", "unrouted"] as const) expect(seen.has(fresh[place].id), `${person} hears ${place}`).toBe(REACH[person].includes(place));
    }
  });

  it("brings a conversation into an agent's view when it is assigned to them, and out again when it is not", async () => {
    const { id } = conversations.deliveries;
    expect((await get("orders agent", `/conversations/${id}`)).status).toBe(404);
    await stack.db.conversation.update({ where: { id }, data: { assigneeId: ids["orders agent"] } });
    expect((await get("orders agent", `/conversations/${id}`)).status).toBe(200);
    await stack.db.conversation.update({ where: { id }, data: { assigneeId: null } });
    expect((await get("orders agent", `/conversations/${id}`)).status).toBe(404);
  });
});
