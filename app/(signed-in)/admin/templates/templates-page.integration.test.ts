// The admin WhatsApp-templates page over HTTP against `next start`, its forms posted as a browser
// without JavaScript posts them: agents are refused (the page and its actions), admins add, edit
// and delete, labels that do not match the placeholders and a duplicate name and language are
// refused in words with what was typed kept, and each change leaves one audit row without the body.
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "@/lib/db";
import { createTestUser, TEST_PASSWORD } from "@/test/support/factories";
import { mustSignIn } from "@/test/support/http-session";
import { careDeskServers } from "@/test/support/servers";
import { submitActionForm } from "@/test/support/submit-action-form";

const PATH = "/admin/templates";
const ADD_FORM = 'aria-label="Add a template"';

const databases: Db[] = [];
afterAll(async () => {
  await Promise.all(databases.map((db) => db.$disconnect()));
});

describe.each(careDeskServers())("the admin templates page on $provider", (server) => {
  const db = createDb(server.databaseUrl);
  databases.push(db);
  const get = (path: string, cookie?: string) => fetch(`${server.baseUrl}${path}`, { redirect: "manual", headers: cookie ? { cookie } : {} });
  const cookieOf = async (role: "admin" | "agent") => mustSignIn(server.baseUrl, (await createTestUser(db, { role })).email, TEST_PASSWORD);
  const uniqueName = (word: string) => `${word}_${randomUUID().slice(0, 8)}`;

  it.each([
    ["signed out", 307],
    ["agent", 403],
  ] as const)("answers %s with %i", async (who, status) => {
    const response = await get(PATH, who === "signed out" ? undefined : await cookieOf(who));
    expect(response.status).toBe(status);
    if (status === 307) expect(new URL(response.headers.get("location")!, server.baseUrl).pathname).toBe("/login");
    expect(await response.text()).not.toContain("Add a template");
  });

  it("is in an admin's navigation, not an agent's, and says templates are entered exactly as Meta approved them", async () => {
    const cookie = await cookieOf("admin");
    expect(await (await get("/conversations", cookie)).text()).toContain(`href="${PATH}"`);
    expect(await (await get("/conversations", await cookieOf("agent"))).text()).not.toContain(`href="${PATH}"`);
    expect(await (await get(PATH, cookie)).text()).toContain("approved in Meta&#x27;s WhatsApp Manager, and is entered here exactly as approved");
  });

  it("lets an admin add, edit and delete a template, one audit row each without the body", async () => {
    const cookie = await cookieOf("admin");
    const name = uniqueName("order_update");
    const body = `Hi {{1}}, your order {{2}} has shipped (${randomUUID()}).`;

    const added = await submitActionForm(server.baseUrl, PATH, {
      cookie,
      formContaining: ADD_FORM,
      fields: { name, locale: "en_US", body, parameters: "Customer name\r\nOrder number\r\n" },
    });
    expect(added.status).toBe(200);
    expect(added.html).toContain(`Added ${name} (en_US): agents can send it once WhatsApp&#x27;s 24-hour window has closed.`);
    const template = await db.replyTemplate.findUniqueOrThrow({ where: { name_locale: { name, locale: "en_US" } } });
    expect(template).toMatchObject({ body, parameters: ["Customer name", "Order number"] });
    const page = await (await get(PATH, cookie)).text();
    expect(page).toContain(body);
    expect(page).toContain("Order number");

    const editedBody = `Hi {{1}}, order {{2}} arrives {{3}} (${randomUUID()}).`;
    const edited = await submitActionForm(server.baseUrl, PATH, {
      cookie,
      formContaining: `aria-label="Edit ${name} (en_US)"`,
      fields: { name, locale: "en_GB", body: editedBody, parameters: "Customer name\nOrder number\nDay" },
    });
    expect(edited.html).toContain(`Saved ${name} (en_GB).`);
    expect(await db.replyTemplate.findUniqueOrThrow({ where: { id: template.id } })).toMatchObject({
      locale: "en_GB",
      body: editedBody,
      parameters: ["Customer name", "Order number", "Day"],
    });

    const deleted = await submitActionForm(server.baseUrl, PATH, { cookie, formContaining: `aria-label="Delete ${name} (en_GB)"`, fields: {} });
    expect(deleted.status).toBe(200);
    expect(await db.replyTemplate.count({ where: { id: template.id } })).toBe(0);
    expect(await (await get(PATH, cookie)).text()).not.toContain(editedBody);

    const audit = await db.auditEvent.findMany({ where: { targetId: template.id } });
    expect(audit.map((row) => row.action).sort()).toEqual(["template.deleted", "template.saved", "template.saved"]);
    expect(audit.map((row) => row.detail)).toEqual(
      expect.arrayContaining([{ name, locale: "en_US", isNew: true }, { name, locale: "en_GB", isNew: false }, { name, locale: "en_GB" }]),
    );
    expect(JSON.stringify(audit)).not.toMatch(/has shipped|arrives|Customer name/);
  });

  it("refuses labels that do not match the placeholders and a duplicate name and language in words, keeping what the admin typed", async () => {
    const admin = await createTestUser(db, { role: "admin" });
    const cookie = await mustSignIn(server.baseUrl, admin.email, TEST_PASSWORD);
    const name = uniqueName("order_update");
    const body = `Hi {{1}}, your order {{2}} has shipped (${randomUUID()}).`;

    const mismatch = await submitActionForm(server.baseUrl, PATH, { cookie, formContaining: ADD_FORM, fields: { name, locale: "en_US", body, parameters: "Customer name" } });
    expect(mismatch.html).toContain("placeholders go up to {{2}}, so it needs 2 labels, one per line; you gave 1.");
    expect(mismatch.html).toContain(body);
    expect(mismatch.html).toContain(`value="${name}"`);
    expect(await db.replyTemplate.count({ where: { name } })).toBe(0);

    const skipping = await submitActionForm(server.baseUrl, PATH, {
      cookie,
      formContaining: ADD_FORM,
      fields: { name, locale: "en_US", body: "Hi {{1}}, order {{3}}.", parameters: "Customer name\nOrder number" },
    });
    expect(skipping.html).toContain("The placeholders skip {{2}}: they must run {{1}}, {{2}}, … without gaps.");

    await db.replyTemplate.create({ data: { name, locale: "en_US", body: "Hello {{1}}.", parameters: ["Customer name"] } });
    const duplicate = await submitActionForm(server.baseUrl, PATH, {
      cookie,
      formContaining: ADD_FORM,
      fields: { name, locale: "en_US", body, parameters: "Customer name\nOrder number" },
    });
    expect(duplicate.html).toContain(`There is a template ${name} in en_US already: edit that one instead.`);
    expect(duplicate.html).toContain(body);
    expect(await db.replyTemplate.findMany({ where: { name }, select: { body: true } })).toEqual([{ body: "Hello {{1}}." }]);
    expect(await db.auditEvent.count({ where: { actorId: admin.id, action: { startsWith: "template." } } })).toBe(0);
  });

  it("refuses an agent replaying an admin's forms, changing nothing", async () => {
    const [adminCookie, agentCookie] = [await cookieOf("admin"), await cookieOf("agent")];
    const name = uniqueName("kept");
    const { id } = await db.replyTemplate.create({ data: { name, locale: "en", body: "Hello {{1}}.", parameters: ["Customer name"] } });
    const replay = (formContaining: string, fields: Record<string, string>) =>
      submitActionForm(server.baseUrl, PATH, { cookie: adminCookie, actionCookie: agentCookie, formContaining, fields });

    // requireAdmin's forbidden() inside a form post without JavaScript: Next answers 403 or 404.
    for (const refused of [
      await replay(ADD_FORM, { name: uniqueName("sneaky"), locale: "en", body: "Not allowed.", parameters: "" }),
      await replay(`aria-label="Edit ${name} (en)"`, { name, locale: "en", body: "Changed by an agent.", parameters: "" }),
      await replay(`aria-label="Delete ${name} (en)"`, {}),
    ]) {
      expect([403, 404]).toContain(refused.status);
      expect(refused.html).not.toMatch(/Added |Saved |Deleted /);
    }
    expect(await db.replyTemplate.findUniqueOrThrow({ where: { id } })).toMatchObject({ name, body: "Hello {{1}}.", parameters: ["Customer name"] });
    expect(await db.replyTemplate.count({ where: { body: "Not allowed." } })).toBe(0);
    expect(await db.auditEvent.count({ where: { targetId: id } })).toBe(0);
  });
});
