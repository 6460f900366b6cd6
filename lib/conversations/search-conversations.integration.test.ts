// The inbox search on both databases: what matches (name, part of a name, number, part of a
// number, message words), in which order, within whose reach, with the other filters, page by
// page; that an erased customer leaves nothing in the indexes; and that whatever is typed never
// fails the page. The lib code runs in this process against the server's database; reach and odd
// input are also asked of the real page over HTTP.
import { randomBytes, randomUUID } from "node:crypto";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { withDatabase } from "@/test/support/with-database";
import type { CurrentUser } from "@/lib/auth/current-user";
import { eraseContact } from "@/lib/contacts/erase-contact";
import { createDb, type Db } from "@/lib/db";
import { parseDatabaseUrl } from "@/lib/db/database-url";
import { createTestUser, TEST_PASSWORD, uniqueCustomerNumber } from "@/test/support/factories";
import { mustSignIn } from "@/test/support/http-session";
import { careDeskServers } from "@/test/support/servers";
import { conversationFilterSchema } from "./conversation-filters";
import { CONVERSATION_PAGE_SIZE, listConversations } from "./list-conversations";
import { searchConversations } from "./search-conversations";

const databases: Db[] = [];
afterAll(async () => {
  await Promise.all(databases.map((db) => db.$disconnect()));
});

/** A word no other test uses: letters only, so both indexes read it as one word. */
const uniqueWord = () =>
  `q${[...randomBytes(8)]
    .map((byte) => String.fromCharCode(97 + (byte % 26)))
    .join("")}`;

const asCurrentUser = (user: { id: string; email: string; role: string }): CurrentUser => ({
  id: user.id,
  email: user.email,
  name: null,
  role: user.role as CurrentUser["role"],
  mustChangePassword: false,
  session: { id: "test-session", version: 0, endsAt: new Date(Date.now() + 60 * 60_000) },
});


/** How many rows of the search index still hold `word`, read from the index itself. */
async function indexedRowsHolding(databaseUrl: string, word: string): Promise<number> {
  const target = parseDatabaseUrl(databaseUrl);
  if (target.provider === "sqlite") {
    const sqlite = new Database(target.filePath, { readonly: true });
    try {
      const count = (sql: string) => (sqlite.prepare(sql).get(`"${word}"`) as { count: number }).count;
      return (
        count(`SELECT COUNT(*) AS count FROM "MessageSearch" WHERE "MessageSearch" MATCH ?`) + count(`SELECT COUNT(*) AS count FROM "ContactSearch" WHERE "ContactSearch" MATCH ?`)
      );
    } finally {
      sqlite.close();
    }
  }
  const client = new pg.Client({ connectionString: target.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ count: number }>(
      `SELECT (SELECT COUNT(*) FROM "Message" WHERE to_tsvector('simple'::regconfig, COALESCE("text", '')) @@ to_tsquery('simple', $1))
            + (SELECT COUNT(*) FROM "Contact" WHERE (COALESCE("name", '') || ' ' || COALESCE("profileName", '') || ' ' || "address") ILIKE '%' || $1 || '%') AS count`,
      [word],
    );
    return Number(rows[0]!.count);
  } finally {
    await client.end();
  }
}

describe.each(careDeskServers())("inbox search on $provider", (server) => {
  const db = createDb(server.databaseUrl);
  databases.push(db);

  type Customer = { name?: string; profileName?: string; address?: string };
  /** A conversation of a new customer, active `minutesAgo`, with one message per text. */
  async function createConversation(
    options: { customer?: Customer; texts?: string[]; minutesAgo?: number; inboxId?: string; status?: string; channel?: string; assigneeId?: string } = {},
  ) {
    const at = new Date(Date.now() - (options.minutesAgo ?? 1) * 60_000);
    const channel = options.channel ?? "whatsapp";
    const contact = await db.contact.create({ data: { channel, address: options.customer?.address ?? uniqueCustomerNumber(), name: options.customer?.name, profileName: options.customer?.profileName } });
    const conversation = await db.conversation.create({
      data: { contactId: contact.id, channel, businessNumber: "447700900300", lastMessageAt: at, lastInboundAt: at, inboxId: options.inboxId, status: options.status, assigneeId: options.assigneeId },
    });
    for (const text of options.texts ?? []) {
      await db.message.create({
        data: { messageUuid: randomUUID(), conversationId: conversation.id, direction: "inbound", channel, messageType: "text", fromAddress: contact.address, toAddress: "447700900300", text, rawPayload: "{}", sentAt: at },
      });
    }
    return { ...conversation, contact };
  }

  async function person(role: "admin" | "agent" = "admin") {
    return asCurrentUser(await createTestUser(db, { role }));
  }

  const search = (user: CurrentUser, q: string, filter: Record<string, string> = {}) =>
    withDatabase(server.databaseUrl, () => listConversations(user, conversationFilterSchema.parse({ status: "all", ...filter, q })));
  const idsOf = async (page: Promise<{ conversations: { id: string }[] }>) => (await page).conversations.map((row) => row.id);

  it("ranks a name above a number above a message, newest first within each", async () => {
    const word = uniqueWord();
    const admin = await person();
    const oldMessage = await createConversation({ texts: [`Hello, ${word} here`], minutesAgo: 30 });
    const byName = await createConversation({ customer: { name: `Maria ${word}` }, minutesAgo: 40 });
    const newMessage = await createConversation({ texts: [`${word.toUpperCase()}!`], minutesAgo: 10 });
    const byProfileName = await createConversation({ customer: { profileName: `${word} Okafor` }, minutesAgo: 20 });
    const noMatch = await createConversation({ texts: [`${word}s are not ${word.slice(0, -1)}`] });
    expect(await idsOf(search(admin, word))).toEqual([byProfileName.id, byName.id, newMessage.id, oldMessage.id]);
    expect(await idsOf(search(admin, word))).not.toContain(noMatch.id);

    const address = uniqueCustomerNumber();
    const byNumber = await createConversation({ customer: { address }, minutesAgo: 50 });
    const numberAndMessage = await createConversation({ texts: [`call me on ${address}`], minutesAgo: 5 });
    // The number ranks above a message that holds it.
    expect(await idsOf(search(admin, address))).toEqual([byNumber.id, numberAndMessage.id]);
  });

  it("finds part of a name, part of a number as a person types it, and every word of a query in one message", async () => {
    const word = uniqueWord();
    const admin = await person();
    const address = uniqueCustomerNumber();
    const customer = await createConversation({ customer: { name: `Zoë ${word}`, address } });
    const message = await createConversation({ texts: [`The parcel for ${word} arrived`, `Was it damaged?`] });
    const apart = await createConversation({ texts: [`parcel`, word] });

    expect(await idsOf(search(admin, word.slice(2, 8)))).toEqual([customer.id]);
    expect(await idsOf(search(admin, `zoë ${word.slice(1).toUpperCase()}`))).toEqual([customer.id]);
    const digits = address.slice(2, 10);
    for (const typed of [digits, `${digits.slice(0, 4)} ${digits.slice(4)}`, `+${address.slice(0, 2)} ${digits.slice(0, 4)}-${digits.slice(4)}`]) {
      expect(await idsOf(search(admin, typed)), typed).toEqual([customer.id]);
    }
    // A word too short for the trigram index still narrows a name.
    const surname = uniqueWord();
    const cy = await createConversation({ customer: { profileName: `Cy ${surname}` }, minutesAgo: 2 });
    const ada = await createConversation({ customer: { profileName: `Ada ${surname}` }, minutesAgo: 3 });
    expect(await idsOf(search(admin, `cy ${surname}`))).toEqual([cy.id]);
    expect(await idsOf(search(admin, surname))).toEqual([cy.id, ada.id]);

    expect(await idsOf(search(admin, `PARCEL ${word}`))).toEqual([message.id]);
    expect(await idsOf(search(admin, `parcel ${word} damaged`))).toEqual([]);
    expect(await idsOf(search(admin, word))).toEqual(expect.arrayContaining([apart.id, message.id]));
  });

  it("finds a word in thousands of messages as it finds a rare one (the search's other plan)", async () => {
    const word = uniqueWord();
    const admin = await person();
    const notAWord = await createConversation({ texts: [`${word}x and x${word}`], minutesAgo: 1 });
    const inParentheses = await createConversation({ texts: [`(${word.toUpperCase()}), again`], minutesAgo: 2 });
    const plain = await createConversation({ texts: ["nothing", word], minutesAgo: 3 });
    // Past 5,000 matching messages the search checks the newest conversations one by one.
    const busy = await createConversation({ minutesAgo: 4 });
    const sentAt = new Date(Date.now() - 4 * 60_000);
    // In batches: one long write would keep the other test files' writers (same database) waiting.
    for (let start = 0; start < 8_000; start += 500) {
      await db.message.createMany({
        data: Array.from({ length: 500 }, (_, offset) => ({
          conversationId: busy.id, direction: "inbound", channel: "whatsapp", messageType: "text", fromAddress: busy.contact.address, toAddress: "447700900300",
          text: `${word} number ${start + offset}`, rawPayload: "{}", sentAt,
        })),
      });
    }
    // PostgreSQL's plan choice reads the planner's estimate, which needs fresh statistics.
    if (server.provider === "postgresql") await db.$executeRawUnsafe(`ANALYZE "Message"`);
    for (const typed of [word, `(${word}`, `${word.toUpperCase()}!`]) {
      expect(await idsOf(search(admin, typed)), typed).toEqual([inParentheses.id, plain.id, busy.id]);
    }
    expect(await idsOf(search(admin, `${word} 7999`))).toEqual([busy.id]);
    expect(await idsOf(search(admin, word))).not.toContain(notAWord.id);
  });

  it("finds a word in nearly every message with a rare one, exactly, within the agent's reach", async () => {
    // The dashboard's search ("order 123456", "order" in every message): the database must find
    // the rare word's few messages, not list the common word's, and still check both words.
    const common = uniqueWord();
    const rare = uniqueWord();
    const alsoCommon = uniqueWord();
    const admin = await person();
    const agent = await person("agent");
    const openInbox = await db.inbox.create({ data: { name: `Open ${randomUUID().slice(0, 8)}` } });
    // A team with no members handles this one: no agent reaches it.
    const teamInbox = await db.inbox.create({ data: { name: `Team only ${randomUUID().slice(0, 8)}` } });
    await db.team.create({ data: { name: `Team ${randomUUID().slice(0, 8)}`, inboxes: { create: { inboxId: teamInbox.id } } } });
    const inOneMessage = await createConversation({ texts: [`${common} about ${rare}`], inboxId: openInbox.id, minutesAgo: 1 });
    const onSms = await createConversation({ texts: [common, `${rare.toUpperCase()}, ${common}!`], channel: "sms", inboxId: openInbox.id, minutesAgo: 2 });
    const inTwoMessages = await createConversation({ texts: [common, rare], inboxId: openInbox.id, minutesAgo: 3 });
    const rareOnly = await createConversation({ texts: [`${rare} alone`], inboxId: openInbox.id, minutesAgo: 4 });
    const outOfReach = await createConversation({ texts: [`${common} ${rare}`], inboxId: teamInbox.id, minutesAgo: 5 });
    // Thousands of messages hold the common word, more than 5,000 of them with a second common one
    // (past what the search lists: it then checks the newest conversations one by one).
    const busy = await createConversation({ inboxId: openInbox.id, minutesAgo: 6 });
    const sentAt = new Date(Date.now() - 6 * 60_000);
    for (let start = 0; start < 6_000; start += 500) {
      await db.message.createMany({
        data: Array.from({ length: 500 }, (_, offset) => ({
          conversationId: busy.id, direction: "inbound", channel: "whatsapp", messageType: "text", fromAddress: busy.contact.address, toAddress: "447700900300",
          text: `${common} ${alsoCommon} ${start + offset}`, rawPayload: "{}", sentAt,
        })),
      });
    }
    if (server.provider === "postgresql") await db.$executeRawUnsafe(`ANALYZE "Message"`);

    for (const typed of [`${common} ${rare}`, `${rare.toUpperCase()} ${common}`]) {
      expect(await idsOf(search(agent, typed)), typed).toEqual([inOneMessage.id, onSms.id]);
    }
    expect(await idsOf(search(agent, `${common} ${rare}`, { channel: "sms" }))).toEqual([onSms.id]);
    expect(await idsOf(search(admin, `${common} ${rare}`))).toEqual([inOneMessage.id, onSms.id, outOfReach.id]);
    expect(await idsOf(search(agent, rare))).toEqual([inOneMessage.id, onSms.id, inTwoMessages.id, rareOnly.id]);
    expect(await idsOf(search(agent, `${common} ${alsoCommon}`))).toEqual([busy.id]);
    expect(await idsOf(search(agent, `${alsoCommon} ${common} 5999`))).toEqual([busy.id]);
    expect(await idsOf(search(agent, `${common} ${alsoCommon} ${rare}`))).toEqual([]);
  });

  it("never finds what an agent cannot see, in the list or on the page", async () => {
    const word = uniqueWord();
    const member = await createTestUser(db);
    const inbox = await db.inbox.create({ data: { name: `Elsewhere ${randomUUID().slice(0, 8)}` } });
    await db.team.create({ data: { name: `Team ${randomUUID().slice(0, 8)}`, members: { create: { userId: member.id } }, inboxes: { create: { inboxId: inbox.id } } } });
    const outsider = await createTestUser(db);
    // An inbox no team handles: every agent reaches it.
    const openInbox = await db.inbox.create({ data: { name: `Open ${randomUUID().slice(0, 8)}` } });
    const hidden = [
      await createConversation({ customer: { name: `Hidden ${word}` }, inboxId: inbox.id }),
      await createConversation({ texts: [`secret ${word}`], inboxId: inbox.id }),
    ];
    const assignedToOutsider = await createConversation({ texts: [`handed over ${word}`], inboxId: inbox.id, assigneeId: outsider.id });
    const visible = await createConversation({ texts: [`open ${word}`], inboxId: openInbox.id, minutesAgo: 0 });

    expect(await idsOf(search(asCurrentUser(outsider), word))).toEqual([visible.id, assignedToOutsider.id]);
    // The search itself leaves them out (the page reads its rows by id and asks again, which must not be what hides them).
    const searched = await withDatabase(server.databaseUrl, () =>
      searchConversations(asCurrentUser(outsider), { ...conversationFilterSchema.parse({ status: "all" }), q: word }, CONVERSATION_PAGE_SIZE),
    );
    expect(searched.ids).toEqual([visible.id, assignedToOutsider.id]);
    expect(new Set(await idsOf(search(asCurrentUser(member), word)))).toEqual(new Set([...hidden.map((c) => c.id), assignedToOutsider.id, visible.id]));
    for (const [who, sees, misses] of [
      [outsider, [visible.id, assignedToOutsider.id], hidden.map((c) => c.id)],
      [member, [...hidden.map((c) => c.id), visible.id], []],
    ] as const) {
      const cookie = await mustSignIn(server.baseUrl, who.email, TEST_PASSWORD);
      const response = await fetch(`${server.baseUrl}/conversations?status=all&q=${word}`, { headers: { cookie } });
      expect(response.status).toBe(200);
      const html = await response.text();
      for (const id of sees) expect(html).toContain(`/conversations/${id}`);
      for (const id of misses) expect(html).not.toContain(id);
    }
  });

  it("combines with status, channel, assigned, inbox and label", async () => {
    const word = uniqueWord();
    const admin = await person();
    const inbox = await db.inbox.create({ data: { name: `Filters ${randomUUID().slice(0, 8)}` } });
    const label = await db.label.create({ data: { name: `Search ${randomUUID().slice(0, 6)}`, color: "blue" } });
    const open = await createConversation({ texts: [word], minutesAgo: 1 });
    const resolved = await createConversation({ customer: { name: word }, status: "resolved", minutesAgo: 2 });
    const sms = await createConversation({ texts: [word], channel: "sms", minutesAgo: 3 });
    const mine = await createConversation({ texts: [word], assigneeId: admin.id, minutesAgo: 4 });
    const inInbox = await createConversation({ texts: [word], inboxId: inbox.id, minutesAgo: 5 });
    const labelled = await createConversation({ texts: [word], minutesAgo: 6 });
    await db.conversationLabel.create({ data: { conversationId: labelled.id, labelId: label.id } });

    expect(await idsOf(search(admin, word, { status: "resolved" }))).toEqual([resolved.id]);
    expect(await idsOf(search(admin, word, { status: "open" }))).toEqual([open.id, sms.id, mine.id, inInbox.id, labelled.id]);
    expect(await idsOf(search(admin, word, { channel: "sms" }))).toEqual([sms.id]);
    expect(await idsOf(search(admin, word, { assigned: "me" }))).toEqual([mine.id]);
    expect(await idsOf(search(admin, word, { assigned: "unassigned", inbox: inbox.id }))).toEqual([inInbox.id]);
    expect(await idsOf(search(admin, word, { label: label.id }))).toEqual([labelled.id]);
  });

  it("pages through results across ranks without repeating or skipping one", async () => {
    const word = uniqueWord();
    const admin = await person();
    const byName = [];
    for (let index = 0; index < 3; index++) byName.push(await createConversation({ customer: { name: `${word} ${index}` }, minutesAgo: 100 + index }));
    const byMessage = [];
    // Two share a time: the id breaks the tie, and the cursor must too.
    for (let index = 0; index < CONVERSATION_PAGE_SIZE + 2; index++) byMessage.push(await createConversation({ texts: [`about ${word}`], minutesAgo: index === 1 ? 0 : index }));
    await db.conversation.update({ where: { id: byMessage[1]!.id }, data: { lastMessageAt: byMessage[0]!.lastMessageAt } });

    const first = await search(admin, word);
    expect(first.conversations).toHaveLength(CONVERSATION_PAGE_SIZE);
    expect(first.nextCursor).toBeTruthy();
    const second = await search(admin, word, { after: first.nextCursor! });
    expect(second.nextCursor).toBeNull();
    const seen = [...first.conversations, ...second.conversations].map((row) => row.id);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.slice(0, 3)).toEqual(byName.map((c) => c.id));
    expect(new Set(seen.slice(3))).toEqual(new Set(byMessage.map((c) => c.id)));

    // The page's "next" link carries the search's cursor, and leads to the rest.
    const cookie = await mustSignIn(server.baseUrl, admin.email, TEST_PASSWORD);
    const pageHtml = async (path: string) => (await fetch(`${server.baseUrl}${path}`, { headers: { cookie } })).text();
    const next = /href="(\/conversations\?[^"]*after=[^"]*)"/.exec(await pageHtml(`/conversations?status=all&q=${word}`))?.[1]?.replaceAll("&amp;", "&");
    expect(next).toContain(`after=${first.nextCursor}`);
    const nextHtml = await pageHtml(next!);
    for (const row of second.conversations) expect(nextHtml).toContain(`/conversations/${row.id}`);
    for (const row of first.conversations) expect(nextHtml).not.toContain(`/conversations/${row.id}`);
  });

  it("leaves nothing findable of an erased customer, in the list or in the indexes", async () => {
    const word = uniqueWord();
    const admin = await person();
    const erased = await createConversation({ customer: { name: `Erased ${word}` }, texts: [`my ${word} order`, "second message"] });
    const kept = await createConversation({ texts: [`kept ${word}`] });
    // The erased customer's name and message, and the other customer's message.
    expect(await indexedRowsHolding(server.databaseUrl, word)).toBe(3);

    await withDatabase(server.databaseUrl, () => eraseContact(admin, erased.contact.id));
    expect(await idsOf(search(admin, word))).toEqual([kept.id]);
    expect(await indexedRowsHolding(server.databaseUrl, word)).toBe(1);

    // A message deleted on its own leaves the index too.
    await db.message.deleteMany({ where: { conversationId: kept.id } });
    expect(await idsOf(search(admin, word))).toEqual([]);
    expect(await indexedRowsHolding(server.databaseUrl, word)).toBe(0);
  });

  it("follows a customer renamed and a message edited", async () => {
    const word = uniqueWord();
    const admin = await person();
    const conversation = await createConversation({ customer: { name: `Before ${word}` }, texts: ["first text"] });
    await db.contact.update({ where: { id: conversation.contact.id }, data: { name: "After Rename" } });
    await db.message.updateMany({ where: { conversationId: conversation.id }, data: { text: `edited ${word}x` } });
    expect(await idsOf(search(admin, word))).toEqual([]);
    expect(await idsOf(search(admin, `${word}x`))).toEqual([conversation.id]);
  });

  it("answers any input without an error: quotes, operators, unicode, very long", async () => {
    const admin = await person();
    const word = uniqueWord();
    const quoted = await createConversation({ texts: [`"${word}" -- it's (really) here: 50% off*`] });
    // Operators of either query syntax, taken as text: these find the message by its word.
    const findingIt = [`"${word}`, `${word}"`, `'${word}'`, `${word}*`, `-${word}`, `(${word}`, `${word}:*`, `${word} & | ! <->`, `${word}\u0000`];
    const inputs = [
      ...findingIt,
      `NEAR(${word} here)`,
      `${word} OR here`,
      `${word} AND NOT x`,
      "*",
      '"',
      "-",
      "%_\\",
      "NEAR",
      "こんにちは 世界",
      "Zoë 😀 مرحبا",
      "\u0000",
      "x".repeat(100),
      `${"word ".repeat(40)}`,
    ];
    for (const q of inputs) {
      const result = await search(admin, q);
      expect(Array.isArray(result.conversations), q).toBe(true);
    }
    for (const q of findingIt) expect(await idsOf(search(admin, q)), q).toEqual([quoted.id]);

    const cookie = await mustSignIn(server.baseUrl, admin.email, TEST_PASSWORD);
    for (const q of inputs) {
      const response = await fetch(`${server.baseUrl}/conversations?status=all&q=${encodeURIComponent(q)}`, { headers: { cookie } });
      expect(response.status, q).toBe(200);
      await response.text();
    }
  });
});
