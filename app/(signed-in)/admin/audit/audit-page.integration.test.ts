import { afterAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "@/lib/db";
import { createTestUser, TEST_PASSWORD } from "@/test/support/factories";
import { mustSignIn } from "@/test/support/http-session";
import { careDeskServers } from "@/test/support/servers";

const databases: Db[] = [];
afterAll(async () => {
  await Promise.all(databases.map((db) => db.$disconnect()));
});

describe.each(careDeskServers())("the audit page on $provider", (server) => {
  const db = createDb(server.databaseUrl);
  databases.push(db);

  it("says what each person did in words, never the stored action key", async () => {
    const admin = await createTestUser(db, { role: "admin" });
    // Signing in records auth.sign_in through CareDesk's own code; the conversation row stands in
    // for an agent resolving one (its label was once missing, and the raw key showed).
    const cookie = await mustSignIn(server.baseUrl, admin.email, TEST_PASSWORD);
    await db.auditEvent.create({
      data: { actorId: admin.id, actorEmail: admin.email, action: "conversation.resolved", targetType: "conversation", targetId: "clnotarealconversation0" },
    });
    const response = await fetch(`${server.baseUrl}/admin/audit?person=${encodeURIComponent(admin.email)}`, { headers: { cookie } });
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).toContain("Resolved a conversation");
    expect(page).toContain("Signed in");
    expect(page).not.toContain("conversation.resolved");
    expect(page).not.toContain("auth.sign_in");
  });
});
