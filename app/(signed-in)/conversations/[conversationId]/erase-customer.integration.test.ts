// "Erase customer…" over HTTP against `next start`: only admins see it; an agent replaying the
// admin's call is refused and nothing is erased; the admin's erasure is checked against the typed
// number, then removes the customer, and the thread answers 404. The dialog needs JavaScript to
// open, so the action is called as the page's JavaScript calls it.
import { afterAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "@/lib/db";
import { callServerAction } from "@/test/support/call-server-action";
import { createCustomerWithMedia } from "@/test/support/archive-for-test";
import { createTestUser, TEST_PASSWORD } from "@/test/support/factories";
import { mustSignIn } from "@/test/support/http-session";
import { careDeskServers } from "@/test/support/servers";

const ERASE_ACTION_FILE = "app/(signed-in)/conversations/[conversationId]/erase-customer-action.ts";
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

    const erase = (cookie: string, confirmAddress: string) => {
      const form = new FormData();
      form.append("contactId", contact.id);
      form.append("confirmAddress", confirmAddress);
      return callServerAction(server.baseUrl, path, { cookie, file: ERASE_ACTION_FILE, exportedName: "eraseCustomerAction", args: [{}, form] });
    };

    const byAgent = await erase(agentCookie, contact.address);
    expect(byAgent.status).toBe(403);
    expect(byAgent.payload).not.toContain("The customer was erased");
    expect(await db.contact.count({ where: { id: contact.id } })).toBe(1);

    const wrong = await erase(adminCookie, "447700900000");
    expect(wrong.payload).toContain("Type the customer's number");
    expect(await db.contact.count({ where: { id: contact.id } })).toBe(1);

    const byAdmin = await erase(adminCookie, contact.address);
    expect(byAdmin.status).toBe(200);
    expect(byAdmin.payload).toContain("The customer was erased");
    expect(await db.contact.count({ where: { id: contact.id } })).toBe(0);
    expect((await threadOf(conversation.id, adminCookie)).status).toBe(404);
    expect(await db.auditEvent.count({ where: { action: "contact.erased", targetId: contact.id } })).toBe(1);
  });
});
