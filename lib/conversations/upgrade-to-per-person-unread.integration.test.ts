// An install from before per-person unread, upgraded with `prisma migrate deploy`, keeps what its
// team had read: a conversation that was read is read for every existing person, one that was
// unread stays unread for all, and unread is measured from the customer's newest message only.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "@/lib/db";
import { deployMigrations } from "@/scripts/db/run-prisma";
import { uniqueCustomerNumber } from "@/test/support/factories";
import { projectBeforeMigration } from "@/test/support/project-before-migration";
import { postgresServerUrl, testedProviders } from "@/test/support/providers";
import { createScratchDatabase, type ScratchDatabase } from "@/test/support/scratch-database";
import { makeTempDirectory, type TempDirectory } from "@/test/support/temp-directory";
import { isUnread, NEVER_READ } from "./conversation-row";

describe.each(testedProviders)("upgrading to per-person unread on %s", (provider) => {
  let database: ScratchDatabase;
  let project: TempDirectory;
  let db: Db;
  const ids = {
    people: ["cupgradeperson00000000001", "cupgradeperson00000000002"],
    contact: "cupgradeunreadcontact0001",
    read: "cupgradereadconversation1",
    unread: "cupgradeunreadconversatn1",
  };
  const customerWrote = new Date(Date.UTC(2026, 10, 28, 9, 0));
  const agentReplied = new Date(Date.UTC(2026, 10, 28, 9, 5));

  beforeAll(async () => {
    database = await createScratchDatabase(provider, { postgresServerUrl, prefix: "caredesk_unread_upgrade", isMigrated: false });
    project = makeTempDirectory("caredesk-before-unread");
    await projectBeforeMigration(project.path, provider, /_agent_workspace$/);
    await deployMigrations(database.url, { root: project.path });
    // What the install held, written as the old schema had it.
    db = createDb(database.url);
    const now = new Date();
    for (const [index, id] of ids.people.entries()) {
      await db.$executeRaw`INSERT INTO "User" ("id", "email", "createdAt", "updatedAt") VALUES (${id}, ${`upgrade-${index}-${id}@example.test`}, ${now}, ${now})`;
    }
    await db.$executeRaw`INSERT INTO "Contact" ("id", "channel", "address", "createdAt", "updatedAt") VALUES (${ids.contact}, 'sms', ${uniqueCustomerNumber()}, ${now}, ${now})`;
    for (const [id, isUnreadBefore, businessNumber] of [[ids.read, false, "447700900201"], [ids.unread, true, "447700900202"]] as const) {
      await db.$executeRaw`INSERT INTO "Conversation" ("id", "contactId", "channel", "businessNumber", "status", "isUnread", "lastMessageAt", "lastMessagePreview", "createdAt", "updatedAt")
        VALUES (${id}, ${ids.contact}, 'sms', ${businessNumber}, 'open', ${isUnreadBefore}, ${agentReplied}, 'Thanks, on its way', ${now}, ${now})`;
      for (const [direction, sentAt] of [["inbound", customerWrote], ["outbound", agentReplied]] as const) {
        await db.$executeRaw`INSERT INTO "Message" ("id", "messageUuid", "conversationId", "direction", "channel", "messageType", "fromAddress", "toAddress", "rawPayload", "sentAt", "receivedAt")
          VALUES (${`${id}${direction.slice(0, 3)}`}, ${`${id}-${direction}`}, ${id}, ${direction}, 'sms', 'text', 'a', 'b', '{}', ${sentAt}, ${sentAt})`;
      }
    }
    await db.$disconnect();

    await deployMigrations(database.url);
    db = createDb(database.url);
  });
  afterAll(async () => {
    await db?.$disconnect();
    await database?.drop();
    await project?.remove();
  });

  it("keeps a read conversation read and an unread one unread, for every person", async () => {
    for (const userId of ids.people) {
      for (const [conversationId, isUnreadBefore] of [[ids.read, false], [ids.unread, true]] as const) {
        const conversation = await db.conversation.findUniqueOrThrow({ where: { id: conversationId }, include: { reads: { where: { userId } } } });
        const [read] = conversation.reads;
        const readState = read ? { readAt: read.readAt.toISOString(), isMarkedUnread: read.isMarkedUnread } : NEVER_READ;
        expect(isUnread({ lastInboundAt: conversation.lastInboundAt?.toISOString() ?? null }, readState)).toBe(isUnreadBefore);
      }
    }
  });

  it("measures unread from the customer's newest message, not the agent's reply", async () => {
    const conversation = await db.conversation.findUniqueOrThrow({ where: { id: ids.unread } });
    expect(conversation.lastInboundAt?.toISOString()).toBe(customerWrote.toISOString());
    expect(conversation.lastMessageAt.toISOString()).toBe(agentReplied.toISOString());
  });
});
