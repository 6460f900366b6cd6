// "Erase customer…" over HTTP against `next start`: only admins see it; an agent replaying the
// admin's form is refused (403, or 404 for a form posted without JavaScript) and nothing is erased; the admin's erasure sends them to the inbox
// and the thread then answers 404.
import { afterAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "@/lib/db";
import { createCustomerWithMedia } from "@/test/support/archive-for-test";
import { createTestUser, TEST_PASSWORD } from "@/test/support/factories";
import { mustSignIn } from "@/test/support/http-session";
import { careDeskServers } from "@/test/support/servers";
import { submitActionForm } from "@/test/support/submit-action-form";

const databases: Db[] = [];
afterAll(async () => {
  await Promise.all(databases.map((db) => db.$disconnect()));
});

describe.each(careDeskServers())("erasing a customer over HTTP on $provider", (server) => {
  const db = createDb(server.databaseUrl);
  databases.push(db);
  const cookieOf = async (role: "admin" | "agent") => mustSignIn(server.baseUrl, (await createTestUser(db, { role })).email, TEST_PASSWORD);
  const threadOf = (conversationId: string, cookie: string) => fetch(`${server.baseUrl}/conversations/${conversationId}`, { headers: { cookie }, redirect: "manual" });

  it("offers the control to admins only, refuses an agent's request, and erases for an admin", async () => {
    const { contact, conversation } = await createCustomerWithMedia(db, { text: "please erase me" });
    const [adminCookie, agentCookie] = [await cookieOf("admin"), await cookieOf("agent")];
    const path = `/conversations/${conversation.id}`;

    expect(await (await threadOf(conversation.id, agentCookie)).text()).not.toContain("Erase customer");
    expect(await (await threadOf(conversation.id, adminCookie)).text()).toContain("Erase customer");

    const byAgent = await submitActionForm(server.baseUrl, path, {
      cookie: adminCookie,
      actionCookie: agentCookie,
      formContaining: 'name="confirmAddress"',
      fields: { confirmAddress: contact.address },
    });
    // requireAdmin's forbidden() inside a form post without JavaScript: Next answers it with its
    // not-found page (404), as for every admin action; what matters is that nothing is erased.
    expect([403, 404]).toContain(byAgent.status);
    expect(byAgent.html).not.toContain("The customer was erased");
    expect(await db.contact.count({ where: { id: contact.id } })).toBe(1);

    const wrong = await submitActionForm(server.baseUrl, path, { cookie: adminCookie, formContaining: 'name="confirmAddress"', fields: { confirmAddress: "447700900000" } });
    expect(wrong.html).toContain("Type the customer&#x27;s number");
    expect(await db.contact.count({ where: { id: contact.id } })).toBe(1);

    const byAdmin = await submitActionForm(server.baseUrl, path, { cookie: adminCookie, formContaining: 'name="confirmAddress"', fields: { confirmAddress: contact.address } });
    // Without JavaScript the answer renders the (now missing) thread; the browser's form loads the inbox.
    expect([200, 404]).toContain(byAdmin.status);
    expect(await db.contact.count({ where: { id: contact.id } })).toBe(0);
    expect((await threadOf(conversation.id, adminCookie)).status).toBe(404);
    expect(await db.auditEvent.count({ where: { action: "contact.erased", targetId: contact.id } })).toBe(1);
  });
});
