// The admin media page over HTTP against `next start`: agents are refused, admins see the backlog,
// each failure with its reason and a link to its conversation, and "Retry now" queues it again.
import { randomUUID } from "node:crypto";
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

describe.each(careDeskServers())("the admin media page on $provider", (server) => {
  const db = createDb(server.databaseUrl);
  databases.push(db);
  const get = (cookie?: string) => fetch(`${server.baseUrl}/admin/media`, { redirect: "manual", headers: cookie ? { cookie } : {} });
  const cookieOf = async (role: "admin" | "agent") => mustSignIn(server.baseUrl, (await createTestUser(db, { role })).email, TEST_PASSWORD);

  it.each([
    ["signed out", 307],
    ["agent", 403],
  ] as const)("answers %s with %i", async (who, status) => {
    const response = await get(who === "signed out" ? undefined : await cookieOf(who));
    expect(response.status).toBe(status);
    if (status === 307) expect(new URL(response.headers.get("location")!, server.baseUrl).pathname).toBe("/login");
    expect(await response.text()).not.toContain("Waiting to be archived");
  });

  it("shows an admin the backlog and each failure, and queues a failure again on Retry now", async () => {
    const { conversation, media } = await createCustomerWithMedia(db, { images: 2 });
    const reason = `Vonage answered 500 (${randomUUID().slice(0, 8)})`;
    await db.mediaItem.update({ where: { id: media[0]!.id }, data: { archiveState: "failed", archiveAttempts: 3, archiveError: reason, archiveNextAttemptAt: new Date(Date.now() + 600_000) } });
    const cookie = await cookieOf("admin");
    const response = await get(cookie);
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).toContain("Waiting to be archived");
    expect(page).toContain("Archiving");
    expect(page).toContain("Set MEDIA_ENCRYPTION_KEY");
    expect(page).toContain(reason);
    expect(page).toContain(`href="/conversations/${conversation.id}"`);
    const pending = await db.mediaItem.count({ where: { archiveState: "pending" } });
    expect(page).toMatch(new RegExp(`Waiting to be archived</dt><dd[^>]*>${pending}<`));

    const retried = await submitActionForm(server.baseUrl, "/admin/media", { cookie, formContaining: `value="${media[0]!.id}"`, fields: {} });
    expect(retried.status).toBe(200);
    expect(await db.mediaItem.findUniqueOrThrow({ where: { id: media[0]!.id } })).toMatchObject({ archiveState: "pending", archiveNextAttemptAt: null, archiveAttempts: 3 });
    expect(await db.auditEvent.count({ where: { action: "media.archive_retried", targetId: media[0]!.id } })).toBe(1);
  });
});
