// Erasing a customer on real databases, with files in a local directory and in an S3-compatible
// bucket: afterwards no row refers to the customer's messages or conversations, no object of
// theirs is in storage, search finds nothing, and the audit holds one row without content.
// Another customer's data is untouched.
import { randomBytes, randomUUID } from "node:crypto";
import { buffer } from "node:stream/consumers";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { archiveForTest, createCustomerWithMedia } from "@/test/support/archive-for-test";
import { createTestUser } from "@/test/support/factories";
import { testedProviders } from "@/test/support/providers";
import { startS3Server, type S3Server } from "@/test/support/s3-server";
import { signedInAs } from "@/test/support/signed-in";
import { makeTempDirectory, type TempDirectory } from "@/test/support/temp-directory";
import { useAppDatabase } from "@/test/support/use-app-database";
import { conversationFilterSchema } from "../conversations/conversation-filters";
import { listConversations } from "../conversations/list-conversations";
import { getDb } from "../db";
import { reloadEnv } from "../env";
import { AppError } from "../errors";
import { storageFromUrl, type MediaStorage } from "../media-archive/storage";
import { eraseContact } from "./erase-contact";
import { renameContact } from "./rename-contact";

let s3: S3Server;
let directory: TempDirectory;
const storages: Record<string, () => MediaStorage> = {
  "a local directory": () => storageFromUrl(`file:${directory.path}`),
  "an S3 bucket": () => storageFromUrl(`s3://${s3.bucket}/erasure`, { s3Endpoint: s3.endpoint, s3ForcePathStyle: true }),
};
beforeAll(async () => {
  s3 = await startS3Server();
  for (const [name, value] of Object.entries(s3.env())) if (name.startsWith("AWS_")) vi.stubEnv(name, value);
  directory = makeTempDirectory("caredesk-erasure");
});
afterAll(async () => {
  await s3?.stop();
  await directory?.remove();
  vi.unstubAllEnvs();
  reloadEnv();
});

const cases = testedProviders.flatMap((provider) => Object.keys(storages).map((storageName) => ({ provider, storageName })));

describe.each(cases)("erasing a customer on $provider with files in $storageName", ({ provider, storageName }) => {
  useAppDatabase(provider, { prefix: "caredesk_erasure", env: { MEDIA_ENCRYPTION_KEY: `test-key:${randomBytes(32).toString("base64")}` } });
  let storage: MediaStorage;
  beforeAll(() => {
    storage = storages[storageName]!();
  });

  const exists = (key: string) => storage.read(key).then(buffer).then(() => true, () => false);

  /** A customer with archived photos (originals and previews), an outbound reply and its status, webhook-log rows, live events, a label and activity lines. */
  async function customerWithEverything() {
    const db = getDb();
    const words = `parcel-${randomUUID().slice(0, 8)}`;
    const customer = await createCustomerWithMedia(db, { text: `My ${words} arrived broken`, images: 2 });
    const keys: string[] = [];
    for (const item of customer.media) {
      keys.push((await archiveForTest(db, item.id, randomBytes(80_000), { storage })).storageKey);
      keys.push((await archiveForTest(db, item.id, randomBytes(3_000), { storage, variant: "preview" })).storageKey);
    }
    const { address, channel } = customer.contact;
    const reply = await db.message.create({
      data: {
        messageUuid: randomUUID(), conversationId: customer.conversation.id, direction: "outbound", channel, messageType: "text",
        fromAddress: "447700900200", toAddress: address, text: `Sorry about the ${words}`, rawPayload: "{}", sentAt: new Date(),
      },
    });
    const status = (messageUuid: string) =>
      db.statusEvent.create({ data: { dedupeKey: randomUUID(), messageUuid, status: "delivered", channel, fromAddress: "447700900200", toAddress: address, occurredAt: new Date(), rawPayload: `{"to":"${address}"}` } });
    await status(reply.messageUuid!);
    // A status for a message CareDesk never stored (sent before it was installed): found by address.
    await status(randomUUID());
    const webhook = (fields: { messageUuid?: string; body?: string; outcome: string }) =>
      db.webhookEvent.create({ data: { kind: "inbound", requestId: randomUUID(), httpStatus: 200, bodyBytes: 100, ...fields } });
    await webhook({ messageUuid: customer.message.messageUuid!, outcome: "accepted" });
    await webhook({ messageUuid: customer.message.messageUuid!, outcome: "duplicate" });
    await webhook({ body: `{"from":"${address}","text":"My ${words}"}`, outcome: "rejected" });
    await db.liveEvent.create({ data: { kind: "message", conversationId: customer.conversation.id, messageId: customer.message.id } });
    const label = await db.label.create({ data: { name: `Erasure ${randomUUID().slice(0, 8)}`, color: "red" } });
    await db.conversationLabel.create({ data: { conversationId: customer.conversation.id, labelId: label.id } });
    await db.conversationActivity.create({ data: { conversationId: customer.conversation.id, kind: "labelled", detail: { label: label.name, color: "red" } } });
    await db.conversationActivity.create({ data: { conversationId: customer.conversation.id, kind: "woke", detail: {} } });
    return { ...customer, keys, words, messageUuids: [customer.message.messageUuid!, reply.messageUuid!] };
  }

  it("leaves nothing behind: rows, storage objects, search entries; and one audit row without content", async () => {
    const db = getDb();
    const admin = signedInAs(await createTestUser(db, { role: "admin" }));
    const erased = await customerWithEverything();
    const kept = await customerWithEverything();
    const { contact, conversation } = erased;
    // The name agents gave the customer goes too; what the rename left (audit, activity) holds none.
    const name = `Named ${randomUUID().slice(0, 8)}`;
    await renameContact(admin, conversation.id, { name });

    const counts = await eraseContact(admin, contact.id, { confirmAddress: `+${contact.address}`, storage });
    expect(counts).toEqual({ conversations: 1, messages: 2, files: 4 });

    expect(await db.contact.count({ where: { id: contact.id } })).toBe(0);
    expect(await db.conversation.count({ where: { contactId: contact.id } })).toBe(0);
    expect(await db.message.count({ where: { conversationId: conversation.id } })).toBe(0);
    expect(await db.mediaItem.count({ where: { id: { in: erased.media.map((item) => item.id) } } })).toBe(0);
    expect(await db.storedFile.count({ where: { storageKey: { in: erased.keys } } })).toBe(0);
    expect(await db.statusEvent.count({ where: { OR: [{ messageUuid: { in: erased.messageUuids } }, { toAddress: contact.address }, { fromAddress: contact.address }] } })).toBe(0);
    expect(await db.webhookEvent.count({ where: { OR: [{ messageUuid: { in: erased.messageUuids } }, { body: { contains: contact.address } }] } })).toBe(0);
    // What is left is the announcement that tells open tabs to drop it: an id, no content.
    expect(await db.liveEvent.findMany({ where: { conversationId: conversation.id }, select: { kind: true, messageId: true } })).toEqual([{ kind: "erased", messageId: null }]);
    for (const key of erased.keys) expect(await exists(key)).toBe(false);
    expect(await db.conversationActivity.count({ where: { conversationId: conversation.id } })).toBe(0);
    expect(await db.conversationLabel.count({ where: { conversationId: conversation.id } })).toBe(0);

    const search = async (q: string) => (await listConversations(admin, conversationFilterSchema.parse({ q, status: "all" }))).conversations;
    expect(await search(erased.words)).toEqual([]);
    expect(await search(contact.address)).toEqual([]);
    expect(await search(name)).toEqual([]);
    expect(await db.conversationActivity.count({ where: { conversationId: conversation.id } })).toBe(0);
    expect(JSON.stringify(await db.auditEvent.findMany({ where: { targetId: contact.id } }))).not.toContain(name);

    const audit = await db.auditEvent.findMany({ where: { action: "contact.erased", targetId: contact.id } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: admin.id, actorEmail: admin.email, targetType: "contact", detail: { channel: "whatsapp", conversations: 1, messages: 2, files: 4 } });
    const written = JSON.stringify(audit[0]);
    for (const secret of [contact.address, contact.profileName!, erased.words]) expect(written).not.toContain(secret);

    // The other customer keeps everything.
    expect(await search(kept.words)).toHaveLength(1);
    for (const key of kept.keys) expect(await exists(key)).toBe(true);
    expect(await db.statusEvent.count({ where: { toAddress: kept.contact.address } })).toBe(2);
    expect(await db.webhookEvent.count({ where: { OR: [{ messageUuid: kept.message.messageUuid }, { body: { contains: kept.contact.address } }] } })).toBe(3);
    expect(await db.liveEvent.count({ where: { conversationId: kept.conversation.id } })).toBe(1);
    expect(await db.conversationActivity.count({ where: { conversationId: kept.conversation.id } })).toBe(2);
    expect(await db.conversationLabel.count({ where: { conversationId: kept.conversation.id } })).toBe(1);
  });

  it("refuses an agent, and a confirmation that does not match, erasing nothing", async () => {
    const db = getDb();
    const agent = signedInAs(await createTestUser(db, { role: "agent" }));
    const admin = signedInAs(await createTestUser(db, { role: "admin" }));
    const customer = await customerWithEverything();
    await expect(eraseContact(agent, customer.contact.id, { storage })).rejects.toMatchObject({ code: "forbidden" });
    await expect(eraseContact(admin, customer.contact.id, { confirmAddress: "447700900000", storage })).rejects.toMatchObject({ code: "unprocessable" });
    expect(await db.message.count({ where: { conversationId: customer.conversation.id } })).toBe(2);
    for (const key of customer.keys) expect(await exists(key)).toBe(true);
  });

  it("erases no row when storage fails to remove a file, so the admin can try again", async () => {
    const db = getDb();
    const admin = signedInAs(await createTestUser(db, { role: "admin" }));
    const customer = await customerWithEverything();
    let removals = 0;
    const flaky: MediaStorage = { ...storage, remove: (key) => (++removals === 2 ? Promise.reject(new Error("storage unavailable")) : storage.remove(key)) };
    const failure = await eraseContact(admin, customer.contact.id, { storage: flaky }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AppError);
    expect((failure as AppError).code).toBe("unavailable");
    expect(await db.storedFile.count({ where: { storageKey: { in: customer.keys } } })).toBe(4);
    expect(await db.auditEvent.count({ where: { action: "contact.erased", targetId: customer.contact.id } })).toBe(0);

    await eraseContact(admin, customer.contact.id, { storage });
    expect(await db.contact.count({ where: { id: customer.contact.id } })).toBe(0);
    for (const key of customer.keys) expect(await exists(key)).toBe(false);
  });
});
