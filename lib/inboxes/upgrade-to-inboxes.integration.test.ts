// An install from before inboxes and teams, upgraded with `prisma migrate deploy`, works as before
// on both databases: its conversations are in the Default inbox, an agent of no team still sees
// them, and new messages to any number still arrive there.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "@/lib/db";
import { ENVIRONMENT_INBOX_ID } from "@/lib/inboxes/inbox-ids";
import { deployMigrations } from "@/scripts/db/run-prisma";
import { createTestUser, TEST_PASSWORD, uniqueCustomerNumber } from "@/test/support/factories";
import { mustSignIn } from "@/test/support/http-session";
import { projectBeforeMigration } from "@/test/support/project-before-migration";
import { postgresServerUrl, testedProviders } from "@/test/support/providers";
import { createScratchDatabase, type ScratchDatabase } from "@/test/support/scratch-database";
import { startCareDeskServer, type RunningServer } from "@/test/support/start-server";
import { makeTempDirectory, type TempDirectory } from "@/test/support/temp-directory";
import { buildInboundPayload } from "@/test/vonage-fake/build-payloads";
import { sendWebhook } from "@/test/vonage-fake/send-webhook";

describe.each(testedProviders)("upgrading to inboxes on %s", (provider) => {
  let database: ScratchDatabase;
  let project: TempDirectory;
  let server: RunningServer;
  let db: Db;
  const signatureSecret = randomUUID();
  const old = { contactId: "cupgradecontact0000000001", conversationId: "cupgradeconversation00001", address: uniqueCustomerNumber() };

  beforeAll(async () => {
    database = await createScratchDatabase(provider, { postgresServerUrl, prefix: "caredesk_upgrade", isMigrated: false });
    project = makeTempDirectory("caredesk-before-inboxes");
    await projectBeforeMigration(project.path, provider, /_inboxes_and_teams$/);
    await deployMigrations(database.url, { root: project.path });
    // What the install held: a customer and their conversation, written as the old schema had them.
    db = createDb(database.url);
    const now = new Date();
    await db.$executeRaw`INSERT INTO "Contact" ("id", "channel", "address", "createdAt", "updatedAt") VALUES (${old.contactId}, 'whatsapp', ${old.address}, ${now}, ${now})`;
    await db.$executeRaw`INSERT INTO "Conversation" ("id", "contactId", "channel", "businessNumber", "status", "isUnread", "lastMessageAt", "lastMessagePreview", "createdAt", "updatedAt")
      VALUES (${old.conversationId}, ${old.contactId}, 'whatsapp', '447700900200', 'open', true, ${now}, 'From before the upgrade', ${now}, ${now})`;
    await db.$disconnect();

    await deployMigrations(database.url);
    db = createDb(database.url);
    server = await startCareDeskServer({ env: { DATABASE_URL: database.url, VONAGE_SIGNATURE_SECRET: signatureSecret } });
  });
  afterAll(async () => {
    await db?.$disconnect();
    await server?.stop();
    await database?.drop();
    await project?.remove();
  });

  it("keeps every conversation in the Default inbox, in an agent's view, and takes new ones there", async () => {
    expect((await db.conversation.findUniqueOrThrow({ where: { id: old.conversationId } })).inboxId).toBe(ENVIRONMENT_INBOX_ID);
    const agent = await createTestUser(db);
    const cookie = await mustSignIn(server.baseUrl, agent.email, TEST_PASSWORD);
    const list = await (await fetch(`${server.baseUrl}/conversations`, { headers: { cookie } })).text();
    expect(list).toContain(`/conversations/${old.conversationId}`);
    expect((await fetch(`${server.baseUrl}/conversations/${old.conversationId}`, { headers: { cookie } })).status).toBe(200);

    const payload = buildInboundPayload({ channel: "sms", messageType: "text", from: uniqueCustomerNumber(), to: uniqueCustomerNumber() });
    expect((await sendWebhook({ baseUrl: server.baseUrl, signatureSecret }, "inbound", payload)).status).toBe(200);
    const message = await db.message.findUniqueOrThrow({ where: { messageUuid: String(payload.message_uuid) }, include: { conversation: true } });
    expect(message.conversation.inboxId).toBe(ENVIRONMENT_INBOX_ID);
  });
});
