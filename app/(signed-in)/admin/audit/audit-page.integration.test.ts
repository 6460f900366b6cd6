import { afterAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "@/lib/db";
import { randomInt } from "node:crypto";
import { createOutboundMessage, createTestUser, TEST_PASSWORD } from "@/test/support/factories";
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

  it("says whose file a person opened, links the conversation, folds a video's ranges into one line and the details on demand", async () => {
    const admin = await createTestUser(db, { role: "admin" });
    const cookie = await mustSignIn(server.baseUrl, admin.email, TEST_PASSWORD);
    const message = await createOutboundMessage(db);
    const customer = `Priya Shah ${randomInt(100_000, 999_999)}`;
    const conversation = await db.conversation.findUniqueOrThrow({ where: { id: message.conversationId } });
    await db.contact.update({ where: { id: conversation.contactId }, data: { profileName: customer } });
    const media = (kind: string, position: number) =>
      db.mediaItem.create({ data: { messageId: message.id, position, kind, vonageUrl: `https://api.nexmo.com/v3/media/${randomInt(1e9)}`, archiveState: "not_archived" } });
    const [video, photo] = [await media("video", 0), await media("image", 1)];
    const viewed = (targetId: string, secondsAgo: number, range: string) =>
      db.auditEvent.create({
        data: {
          actorId: admin.id,
          actorEmail: admin.email,
          action: "media.viewed",
          targetType: "media",
          targetId,
          detail: { status: 206, bytes: 40315, range },
          createdAt: new Date(Date.now() - secondsAgo * 1000),
        },
      });
    await viewed(photo.id, 40, "bytes=0-");
    for (const [index, range] of ["bytes=0-", "bytes=40000-", "bytes=1000-"].entries()) await viewed(video.id, 30 - index, range);

    const response = await fetch(`${server.baseUrl}/admin/audit?person=${encodeURIComponent(admin.email)}&action=media.`, { headers: { cookie } });
    expect(response.status).toBe(200);
    // React marks where one text part ends and the next begins: a reader sees them as one.
    const page = (await response.text()).replaceAll("<!-- -->", "");
    const entries = page
      .split('data-testid="audit-entry"')
      .slice(1)
      .map((row) => row.split("</tr>")[0]);
    expect(entries).toHaveLength(2);
    const [videoLine, photoLine] = entries as [string, string];
    expect(videoLine).toContain("Opened");
    expect(videoLine).toMatch(new RegExp(`href="/conversations/${message.conversationId}"[^>]*>${customer}’s video</a>`));
    expect(videoLine).toContain("· 3 times");
    expect(photoLine).toContain(`${customer}’s photo`);
    expect(photoLine).not.toContain("times");
    // The raw rows are still there, folded.
    expect(videoLine).toContain("<summary");
    expect(videoLine).toContain("range: bytes=40000-");
    expect(page).not.toContain("media.viewed");
  });
});
