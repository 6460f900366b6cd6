// The contact panel over HTTP against `next start`, on both databases, its name form posted as a
// browser without JavaScript posts it. One customer number writes on WhatsApp and SMS to an
// Orders inbox and on WhatsApp to a Deliveries inbox, each inbox handled by its own team: the
// panel lists the customer's other conversations and channels within the viewer's reach only;
// a rename shows in the list and the thread, leaves an audit row and an activity line without the
// name; an agent out of reach changes nothing; a malformed name is refused in words.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createDb, type Db } from "@/lib/db";
import { createTestUser, TEST_PASSWORD, uniqueCustomerNumber } from "@/test/support/factories";
import { mustSignIn } from "@/test/support/http-session";
import { careDeskServers } from "@/test/support/servers";
import { submitActionForm } from "@/test/support/submit-action-form";
import { buildInboundPayload } from "@/test/vonage-fake/build-payloads";
import { sendWebhook } from "@/test/vonage-fake/send-webhook";

const NAME_FORM = 'id="contact-name-input"';

type Person = "admin" | "orders agent" | "deliveries agent";
type Place = "whatsapp orders" | "sms orders" | "whatsapp deliveries";

const databases: Db[] = [];
afterAll(async () => {
  await Promise.all(databases.map((db) => db.$disconnect()));
});

/** The values of `attribute` on the panel's elements marked `testId` (start tags arrive whole, whatever React streams apart). */
function panelValues(html: string, testId: string, attribute: string): string[] {
  return [...html.matchAll(/<(?:a|li)\s[^>]*>/g)]
    .map(([tag]) => tag)
    .filter((tag) => tag.includes(`data-testid="${testId}"`))
    .map((tag) => new RegExp(`${attribute}="([^"]*)"`).exec(tag)?.[1] ?? "");
}

describe.each(careDeskServers())("the contact panel on $provider", (server) => {
  const db = createDb(server.databaseUrl);
  databases.push(db);
  const target = { baseUrl: server.baseUrl, signatureSecret: inject("signatureSecret"), apiKey: inject("vonageApiKey") };
  const customer = uniqueCustomerNumber();
  const profileName = `Priya ${randomUUID().slice(0, 6)}`;
  const username = `priya_${randomUUID().slice(0, 6)}`;
  const cookies = {} as Record<Person, string>;
  const conversations = {} as Record<Place, string>;

  async function customerWrites(channel: "whatsapp" | "sms", to: string): Promise<string> {
    const payload = buildInboundPayload({ channel, messageType: "text", from: customer, to, profileName, text: `About my order, on ${channel}` });
    if (channel === "whatsapp") payload.profile = { name: profileName, username };
    expect((await sendWebhook(target, "inbound", payload)).status).toBe(200);
    return (await db.message.findUniqueOrThrow({ where: { messageUuid: String(payload.message_uuid) } })).conversationId;
  }

  beforeAll(async () => {
    const suffix = randomUUID().slice(0, 8);
    const [ordersNumber, deliveriesNumber] = [uniqueCustomerNumber(), uniqueCustomerNumber()];
    const admin = await createTestUser(db, { role: "admin" });
    const ordersAgent = await createTestUser(db);
    const deliveriesAgent = await createTestUser(db);
    const orders = await db.inbox.create({ data: { name: `Orders ${suffix}`, addresses: { create: { address: ordersNumber } } } });
    const deliveries = await db.inbox.create({ data: { name: `Deliveries ${suffix}`, addresses: { create: { address: deliveriesNumber } } } });
    await db.team.create({ data: { name: `Orders team ${suffix}`, members: { create: { userId: ordersAgent.id } }, inboxes: { create: { inboxId: orders.id } } } });
    await db.team.create({ data: { name: `Deliveries team ${suffix}`, members: { create: { userId: deliveriesAgent.id } }, inboxes: { create: { inboxId: deliveries.id } } } });
    conversations["whatsapp orders"] = await customerWrites("whatsapp", ordersNumber);
    conversations["sms orders"] = await customerWrites("sms", ordersNumber);
    conversations["whatsapp deliveries"] = await customerWrites("whatsapp", deliveriesNumber);
    cookies.admin = await mustSignIn(server.baseUrl, admin.email, TEST_PASSWORD);
    cookies["orders agent"] = await mustSignIn(server.baseUrl, ordersAgent.email, TEST_PASSWORD);
    cookies["deliveries agent"] = await mustSignIn(server.baseUrl, deliveriesAgent.email, TEST_PASSWORD);
  });

  const get = (person: Person, path: string) => fetch(`${server.baseUrl}${path}`, { headers: { cookie: cookies[person] }, redirect: "manual" });
  const threadHtml = async (person: Person, place: Place) => {
    const response = await get(person, `/conversations/${conversations[place]}`);
    expect(response.status).toBe(200);
    return response.text();
  };
  const contactOf = async (place: Place) => (await db.conversation.findUniqueOrThrow({ where: { id: conversations[place] }, include: { contact: true } })).contact;
  const rename = (person: Person, place: Place, name: string, options: { asSomeoneElse?: Person } = {}) =>
    submitActionForm(server.baseUrl, `/conversations/${conversations[place]}`, {
      cookie: cookies[person],
      actionCookie: options.asSomeoneElse ? cookies[options.asSomeoneElse] : undefined,
      formContaining: NAME_FORM,
      fields: { name },
    });

  it.each<{ person: Person; place: Place; others: Place[]; channels: string[] }>([
    { person: "orders agent", place: "whatsapp orders", others: ["sms orders"], channels: ["whatsapp", "sms"] },
    { person: "deliveries agent", place: "whatsapp deliveries", others: [], channels: ["whatsapp"] },
    { person: "admin", place: "whatsapp orders", others: ["sms orders", "whatsapp deliveries"], channels: ["whatsapp", "sms"] },
  ])("$person on $place: the customer's other conversations and channels within reach, nothing of the rest", async ({ person, place, others, channels }) => {
    const html = await threadHtml(person, place);
    expect(html).toContain("+44 79");
    const otherLinks = panelValues(html, "contact-other-conversation", "href");
    for (const other of ["whatsapp orders", "sms orders", "whatsapp deliveries"] as const) {
      if (other === place) continue;
      expect(otherLinks.includes(`/conversations/${conversations[other]}`), `${other} listed`).toBe(others.includes(other));
    }
    if (others.length === 0) expect(html).toContain("No other conversations.");
    expect(otherLinks).toHaveLength(others.length);
    expect(panelValues(html, "contact-identity", "data-channel").sort()).toEqual(channels.sort());
    expect(html).toContain(`@${username}`);
    expect(html).toContain("First seen");
  });

  it("renames the customer for the list and the thread, with an audit row and an activity line that hold no name", async () => {
    const contact = await contactOf("whatsapp orders");
    const name = `Priya Shah ${randomUUID().slice(0, 6)}`;
    const liveEventsBefore = await db.liveEvent.count({ where: { kind: "state", conversationId: { in: [conversations["whatsapp orders"], conversations["whatsapp deliveries"]] } } });

    const saved = await rename("orders agent", "whatsapp orders", `  ${name}  `);
    expect(saved.status).toBe(200);
    expect(saved.html).toContain("Name saved.");
    expect((await contactOf("whatsapp orders")).name).toBe(name);

    expect(await (await get("orders agent", "/conversations?status=all")).text()).toContain(name);
    // Search finds the customer by the name agents gave them.
    expect(await (await get("orders agent", `/conversations?status=all&q=${encodeURIComponent(name)}`)).text()).toContain(`/conversations/${conversations["whatsapp orders"]}`);
    expect(await threadHtml("orders agent", "whatsapp orders")).toMatch(new RegExp(`<h1[^>]*>${name}</h1>`));
    // The same contact's conversation in another inbox: its agents see the name too.
    expect(await (await get("deliveries agent", "/conversations?status=all")).text()).toContain(name);
    // The SMS contact is another identity of the customer: its own name is untouched.
    expect((await contactOf("sms orders")).name).toBeNull();

    const audit = await db.auditEvent.findMany({ where: { action: "contact.renamed", targetId: contact.id } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ targetType: "contact", actorEmail: expect.stringContaining("agent-") });
    expect(JSON.stringify(audit[0]!.detail)).not.toContain("Priya");
    const activity = await db.conversationActivity.findMany({ where: { conversationId: { in: Object.values(conversations) }, kind: "renamed" } });
    expect(activity.map((row) => row.conversationId)).toEqual([conversations["whatsapp orders"]]);
    expect(JSON.stringify(activity[0]!.detail)).not.toContain("Priya");
    // Every open list is told, one "state" event per conversation of the contact.
    const liveEventsAfter = await db.liveEvent.count({ where: { kind: "state", conversationId: { in: [conversations["whatsapp orders"], conversations["whatsapp deliveries"]] } } });
    expect(liveEventsAfter - liveEventsBefore).toBe(2);

    const cleared = await rename("orders agent", "whatsapp orders", "   ");
    expect(cleared.html).toContain("Name cleared");
    expect((await contactOf("whatsapp orders")).name).toBeNull();
    const list = await (await get("orders agent", "/conversations?status=all")).text();
    expect(list).not.toContain(name);
    expect(list).toContain(profileName);
  });

  it("changes nothing for an agent out of reach, even replaying a form of someone who reaches it", async () => {
    const before = await contactOf("sms orders");
    const replay = await rename("orders agent", "sms orders", "Not allowed", { asSomeoneElse: "deliveries agent" });
    // The answer is the page's own (404 out of reach); what counts is that nothing changed.
    expect(replay.status).toBe(404);
    expect(replay.html).not.toContain("Name saved.");
    expect((await contactOf("sms orders")).name).toBe(before.name);
    expect(await db.auditEvent.count({ where: { action: "contact.renamed", targetId: before.id } })).toBe(0);
    // The same replay on a conversation of the customer within their reach does act: the refusal was access.
    const allowed = await rename("orders agent", "whatsapp orders", "Allowed name", { asSomeoneElse: "orders agent" });
    expect(allowed.html).toContain("Name saved.");
  });

  it.each<{ what: string; fields: Record<string, string>; message: string }>([
    { what: "a name over 80 characters", fields: { name: "P".repeat(81) }, message: "A name has at most 80 characters: shorten it and save again." },
    { what: "a form without the name", fields: {}, message: "Type the customer&#x27;s name, or leave it empty to use the name their channel gives." },
  ])("refuses $what with a message a person can act on, and changes nothing", async ({ fields, message }) => {
    const before = await contactOf("sms orders");
    const refused = await submitActionForm(server.baseUrl, `/conversations/${conversations["sms orders"]}`, { cookie: cookies["orders agent"], formContaining: NAME_FORM, fields });
    expect(refused.status).toBe(200);
    expect(refused.html).toContain(message);
    expect((await contactOf("sms orders")).name).toBe(before.name);
    expect(await db.auditEvent.count({ where: { action: "contact.renamed", targetId: before.id } })).toBe(0);
  });
});
