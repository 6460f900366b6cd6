// The admin labels page over HTTP against `next start`, its forms posted as a browser without
// JavaScript posts them: agents are refused (the page and its actions), admins add, edit and delete
// labels, a bad or taken name is refused in words, and each change leaves one audit row. Deleting a
// label takes it off its conversations and leaves the activity lines that name it.
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "@/lib/db";
import { createTestUser, TEST_PASSWORD, uniqueCustomerNumber } from "@/test/support/factories";
import { mustSignIn } from "@/test/support/http-session";
import { careDeskServers } from "@/test/support/servers";
import { submitActionForm } from "@/test/support/submit-action-form";

const PATH = "/admin/labels";
const ADD_FORM = 'aria-label="Add a label"';

const databases: Db[] = [];
afterAll(async () => {
  await Promise.all(databases.map((db) => db.$disconnect()));
});

describe.each(careDeskServers())("the admin labels page on $provider", (server) => {
  const db = createDb(server.databaseUrl);
  databases.push(db);
  const get = (path: string, cookie?: string) => fetch(`${server.baseUrl}${path}`, { redirect: "manual", headers: cookie ? { cookie } : {} });
  const cookieOf = async (role: "admin" | "agent") => mustSignIn(server.baseUrl, (await createTestUser(db, { role })).email, TEST_PASSWORD);
  const uniqueName = (word: string) => `${word} ${randomUUID().slice(0, 8)}`;

  it.each([
    ["signed out", 307],
    ["agent", 403],
  ] as const)("answers %s with %i", async (who, status) => {
    const response = await get(PATH, who === "signed out" ? undefined : await cookieOf(who));
    expect(response.status).toBe(status);
    if (status === 307) expect(new URL(response.headers.get("location")!, server.baseUrl).pathname).toBe("/login");
    expect(await response.text()).not.toContain("Add a label");
  });

  it("is in an admin's navigation, not an agent's", async () => {
    expect(await (await get("/conversations", await cookieOf("admin"))).text()).toContain(`href="${PATH}"`);
    expect(await (await get("/conversations", await cookieOf("agent"))).text()).not.toContain(`href="${PATH}"`);
  });

  it("lets an admin add, edit and delete a label, one audit row each; deleting takes it off conversations and keeps their activity lines", async () => {
    const cookie = await cookieOf("admin");
    const name = uniqueName("Refund");

    // Spaces are tidied: "Refund  x" is "Refund x".
    const added = await submitActionForm(server.baseUrl, PATH, { cookie, formContaining: ADD_FORM, fields: { name: `  ${name.replace(" ", "   ")} `, color: "red" } });
    expect(added.status).toBe(200);
    expect(added.html).toContain(`Added “${name}”: agents can put it on conversations now.`);
    const { id } = await db.label.findUniqueOrThrow({ where: { name } });
    expect(await (await get(PATH, cookie)).text()).toContain(name);

    const renamed = uniqueName("Refunds");
    const edited = await submitActionForm(server.baseUrl, PATH, { cookie, formContaining: `aria-label="Edit ${name}"`, fields: { name: renamed, color: "green" } });
    expect(edited.html).toContain(`Saved “${renamed}”.`);
    expect(await db.label.findUniqueOrThrow({ where: { id } })).toMatchObject({ name: renamed, color: "green" });

    // On a conversation, with the line that says so.
    const contact = await db.contact.create({ data: { channel: "sms", address: uniqueCustomerNumber() } });
    const conversation = await db.conversation.create({ data: { contactId: contact.id, channel: "sms", businessNumber: "447700900301", lastMessageAt: new Date() } });
    await db.conversationLabel.create({ data: { conversationId: conversation.id, labelId: id } });
    await db.conversationActivity.create({ data: { conversationId: conversation.id, kind: "labelled", detail: { label: renamed, color: "green" } } });

    const deleted = await submitActionForm(server.baseUrl, PATH, { cookie, formContaining: `aria-label="Delete ${renamed}"`, fields: {} });
    expect(deleted.status).toBe(200);
    expect(deleted.html).toContain(`Deleted “${renamed}” and took it off 1 conversation.`);
    expect(await db.label.count({ where: { id } })).toBe(0);
    expect(await db.conversationLabel.count({ where: { conversationId: conversation.id } })).toBe(0);
    expect(await db.conversationActivity.count({ where: { conversationId: conversation.id, kind: "labelled" } })).toBe(1);

    const audit = await db.auditEvent.findMany({ where: { targetId: id }, orderBy: { createdAt: "asc" } });
    expect(audit.map((row) => [row.action, row.detail])).toEqual([
      ["label.saved", { name, color: "red", isNew: true }],
      ["label.saved", { name: renamed, color: "green", isNew: false }],
      ["label.deleted", { name: renamed, conversations: 1 }],
    ]);
  });

  it("refuses an empty or taken name and a colour not offered, in words, keeping what the admin typed", async () => {
    const admin = await createTestUser(db, { role: "admin" });
    const cookie = await mustSignIn(server.baseUrl, admin.email, TEST_PASSWORD);
    const taken = uniqueName("VIP");
    await db.label.create({ data: { name: taken, color: "purple" } });
    const typed = uniqueName("Typed");

    for (const [fields, words] of [
      [{ name: "   ", color: "red" }, "Give the label a name."],
      [{ name: "x".repeat(41), color: "red" }, "Keep the name to 40 characters."],
      [{ name: typed, color: "chartreuse" }, "Choose one of the colours offered."],
      [{ name: taken, color: "red" }, `A label named “${taken}” exists already.`],
    ] as const) {
      const result = await submitActionForm(server.baseUrl, PATH, { cookie, formContaining: ADD_FORM, fields });
      expect(result.html).toContain(words);
      if (fields.name === typed) expect(result.html).toContain(`value="${typed}"`);
    }
    expect(await db.label.count({ where: { name: typed } })).toBe(0);
    expect(await db.label.findMany({ where: { name: taken }, select: { color: true } })).toEqual([{ color: "purple" }]);
    expect(await db.auditEvent.count({ where: { actorId: admin.id, action: { startsWith: "label." } } })).toBe(0);
  });

  it("refuses an agent replaying an admin's forms, changing nothing", async () => {
    const [adminCookie, agentCookie] = [await cookieOf("admin"), await cookieOf("agent")];
    const name = uniqueName("Kept");
    const { id } = await db.label.create({ data: { name, color: "teal" } });
    const replay = (formContaining: string, fields: Record<string, string>) =>
      submitActionForm(server.baseUrl, PATH, { cookie: adminCookie, actionCookie: agentCookie, formContaining, fields });

    // requireAdmin's forbidden() inside a form post without JavaScript: Next answers 403 or 404.
    for (const refused of [
      await replay(ADD_FORM, { name: uniqueName("Sneaky"), color: "red" }),
      await replay(`aria-label="Edit ${name}"`, { name: "Changed by an agent", color: "red" }),
      await replay(`aria-label="Delete ${name}"`, {}),
    ]) {
      expect([403, 404]).toContain(refused.status);
      expect(refused.html).not.toMatch(/Added “|Saved “|Deleted “/);
    }
    expect(await db.label.findUniqueOrThrow({ where: { id } })).toMatchObject({ name, color: "teal" });
    expect(await db.label.count({ where: { name: { startsWith: "Sneaky" } } })).toBe(0);
    expect(await db.auditEvent.count({ where: { targetId: id } })).toBe(0);
  });
});
