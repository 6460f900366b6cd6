// The admin canned-replies page over HTTP against `next start`, its forms posted as a browser
// without JavaScript posts them: agents are refused (the page and its actions), admins add, edit
// and delete, a bad or taken shortcut is refused in words with what was typed kept, and each
// change leaves one audit row without the text.
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "@/lib/db";
import { createTestUser, TEST_PASSWORD } from "@/test/support/factories";
import { mustSignIn } from "@/test/support/http-session";
import { careDeskServers } from "@/test/support/servers";
import { submitActionForm } from "@/test/support/submit-action-form";

const PATH = "/admin/canned-replies";
const ADD_FORM = 'aria-label="Add a canned reply"';

const databases: Db[] = [];
afterAll(async () => {
  await Promise.all(databases.map((db) => db.$disconnect()));
});

describe.each(careDeskServers())("the admin canned-replies page on $provider", (server) => {
  const db = createDb(server.databaseUrl);
  databases.push(db);
  const get = (path: string, cookie?: string) => fetch(`${server.baseUrl}${path}`, { redirect: "manual", headers: cookie ? { cookie } : {} });
  const cookieOf = async (role: "admin" | "agent") => mustSignIn(server.baseUrl, (await createTestUser(db, { role })).email, TEST_PASSWORD);
  const uniqueShortcut = (word: string) => `${word}-${randomUUID().slice(0, 8)}`;

  it.each([
    ["signed out", 307],
    ["agent", 403],
  ] as const)("answers %s with %i", async (who, status) => {
    const response = await get(PATH, who === "signed out" ? undefined : await cookieOf(who));
    expect(response.status).toBe(status);
    if (status === 307) expect(new URL(response.headers.get("location")!, server.baseUrl).pathname).toBe("/login");
    expect(await response.text()).not.toContain("Add a canned reply");
  });

  it("is in an admin's navigation, not an agent's", async () => {
    expect(await (await get("/conversations", await cookieOf("admin"))).text()).toContain(`href="${PATH}"`);
    expect(await (await get("/conversations", await cookieOf("agent"))).text()).not.toContain(`href="${PATH}"`);
  });

  it("lets an admin add, edit and delete a canned reply, one audit row each without the text", async () => {
    const cookie = await cookieOf("admin");
    const shortcut = uniqueShortcut("refund");
    const text = `Your refund ${randomUUID()} is on its way.`;

    const added = await submitActionForm(server.baseUrl, PATH, { cookie, formContaining: ADD_FORM, fields: { shortcut: shortcut.toUpperCase(), text } });
    expect(added.status).toBe(200);
    expect(added.html).toContain(`Added: agents insert it by typing /${shortcut} in the reply box.`);
    const { id } = await db.cannedReply.findUniqueOrThrow({ where: { shortcut } });
    const page = await (await get(PATH, cookie)).text();
    expect(page).toContain(`/${shortcut}`);
    expect(page).toContain(text);

    const renamed = `${shortcut}-v2`;
    const editedText = `Your refund ${randomUUID()} arrives within 5 working days.`;
    const edited = await submitActionForm(server.baseUrl, PATH, { cookie, formContaining: `aria-label="Edit /${shortcut}"`, fields: { shortcut: renamed, text: editedText } });
    expect(edited.html).toContain(`Saved /${renamed}.`);
    expect(await db.cannedReply.findUniqueOrThrow({ where: { id } })).toMatchObject({ shortcut: renamed, text: editedText });

    const deleted = await submitActionForm(server.baseUrl, PATH, { cookie, formContaining: `aria-label="Delete /${renamed}"`, fields: {} });
    expect(deleted.status).toBe(200);
    expect(await db.cannedReply.count({ where: { id } })).toBe(0);
    expect(await (await get(PATH, cookie)).text()).not.toContain(editedText);

    const audit = await db.auditEvent.findMany({ where: { targetId: id } });
    expect(audit.map((row) => row.action).sort()).toEqual(["canned_reply.deleted", "canned_reply.saved", "canned_reply.saved"]);
    expect(audit.map((row) => row.detail)).toEqual(expect.arrayContaining([{ shortcut, isNew: true }, { shortcut: renamed, isNew: false }, { shortcut: renamed }]));
    expect(JSON.stringify(audit)).not.toContain("Your refund");
  });

  it("refuses a bad shortcut and a taken one in words, keeping what the admin typed", async () => {
    const admin = await createTestUser(db, { role: "admin" });
    const cookie = await mustSignIn(server.baseUrl, admin.email, TEST_PASSWORD);
    const text = `Hello ${randomUUID()}, how can we help?`;

    const bad = await submitActionForm(server.baseUrl, PATH, { cookie, formContaining: ADD_FORM, fields: { shortcut: "hello there", text } });
    expect(bad.html).toContain("A shortcut is 1 to 32 letters, digits, - or _, without spaces (like refund-policy).");
    expect(bad.html).toContain(text);
    expect(await db.cannedReply.count({ where: { text } })).toBe(0);

    const taken = uniqueShortcut("hello");
    await db.cannedReply.create({ data: { shortcut: taken, text: "Hello!" } });
    const duplicate = await submitActionForm(server.baseUrl, PATH, { cookie, formContaining: ADD_FORM, fields: { shortcut: `/${taken}`, text } });
    expect(duplicate.html).toContain(`The shortcut /${taken} is taken already: edit that canned reply, or choose another shortcut.`);
    expect(duplicate.html).toContain(text);
    expect(await db.cannedReply.findMany({ where: { shortcut: taken }, select: { text: true } })).toEqual([{ text: "Hello!" }]);
    expect(await db.auditEvent.count({ where: { actorId: admin.id, action: { startsWith: "canned_reply." } } })).toBe(0);
  });

  it("refuses an agent replaying an admin's forms, changing nothing", async () => {
    const [adminCookie, agentCookie] = [await cookieOf("admin"), await cookieOf("agent")];
    const shortcut = uniqueShortcut("kept");
    const { id } = await db.cannedReply.create({ data: { shortcut, text: "Kept as it is." } });
    const replay = (formContaining: string, fields: Record<string, string>) =>
      submitActionForm(server.baseUrl, PATH, { cookie: adminCookie, actionCookie: agentCookie, formContaining, fields });

    // requireAdmin's forbidden() inside a form post without JavaScript: Next answers 403 or 404.
    for (const refused of [
      await replay(ADD_FORM, { shortcut: uniqueShortcut("sneaky"), text: "Not allowed." }),
      await replay(`aria-label="Edit /${shortcut}"`, { shortcut, text: "Changed by an agent." }),
      await replay(`aria-label="Delete /${shortcut}"`, {}),
    ]) {
      expect([403, 404]).toContain(refused.status);
      expect(refused.html).not.toMatch(/Added: agents insert|Saved \/|Deleted \//);
    }
    expect(await db.cannedReply.findUniqueOrThrow({ where: { id } })).toMatchObject({ shortcut, text: "Kept as it is." });
    expect(await db.cannedReply.count({ where: { text: "Not allowed." } })).toBe(0);
    expect(await db.auditEvent.count({ where: { targetId: id } })).toBe(0);
  });
});
