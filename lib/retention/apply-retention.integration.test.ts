// Retention on real databases and real files: what is older than each setting is gone (storage
// objects, rows), what is newer stays, and a storage failure leaves rows for the next run.
import { randomBytes } from "node:crypto";
import { buffer } from "node:stream/consumers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { archiveForTest, createCustomerWithMedia } from "@/test/support/archive-for-test";
import { testedProviders } from "@/test/support/providers";
import { makeTempDirectory, type TempDirectory } from "@/test/support/temp-directory";
import { useAppDatabase } from "@/test/support/use-app-database";
import { getDb } from "../db";
import { storageFromUrl, type MediaStorage } from "../media-archive/storage";
import { applyRetention } from "./apply-retention";

const NOW = new Date();
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 24 * 60 * 60_000);

describe.each(testedProviders)("retention on %s", (provider) => {
  useAppDatabase(provider, { prefix: "caredesk_retention", env: { MEDIA_ENCRYPTION_KEY: `test-key:${randomBytes(32).toString("base64")}` } });
  let directory: TempDirectory;
  let storage: MediaStorage;
  beforeAll(() => {
    directory = makeTempDirectory("caredesk-retention");
    storage = storageFromUrl(`file:${directory.path}`);
  });
  afterAll(async () => {
    await directory.remove();
  });

  async function archivedItem(archivedDaysAgo: number) {
    const { media } = await createCustomerWithMedia(getDb(), { text: "photo of the parcel", images: 1 });
    const item = media[0]!;
    const original = await archiveForTest(getDb(), item.id, randomBytes(70_000), { storage, archivedAt: daysAgo(archivedDaysAgo) });
    const preview = await archiveForTest(getDb(), item.id, randomBytes(2_000), { storage, variant: "preview", archivedAt: daysAgo(archivedDaysAgo) });
    return { item, keys: [original.storageKey, preview.storageKey] };
  }

  const stateOf = async (id: string) => (await getDb().mediaItem.findUniqueOrThrow({ where: { id } })).archiveState;
  const filesOf = (id: string) => getDb().storedFile.count({ where: { mediaItemId: id } });
  const exists = (key: string) => storage.read(key).then(buffer).then(() => true, () => false);

  it("removes archived originals and previews older than MEDIA_RETENTION_DAYS, marks them deleted, and keeps newer ones", async () => {
    const old = await archivedItem(31);
    const recent = await archivedItem(29);

    // Unset: kept.
    await applyRetention(NOW, {});
    expect(await stateOf(old.item.id)).toBe("archived");

    const counts = await applyRetention(NOW, { MEDIA_RETENTION_DAYS: 30 }, storage);
    expect(counts.mediaItems).toBeGreaterThanOrEqual(1);
    expect(counts.mediaItemsRetried).toBe(0);
    for (const key of old.keys) expect(await exists(key)).toBe(false);
    expect(await filesOf(old.item.id)).toBe(0);
    expect(await stateOf(old.item.id)).toBe("deleted");

    for (const key of recent.keys) expect(await exists(key)).toBe(true);
    expect(await filesOf(recent.item.id)).toBe(2);
    expect(await stateOf(recent.item.id)).toBe("archived");

    // A second run finds nothing more to do.
    expect((await applyRetention(NOW, { MEDIA_RETENTION_DAYS: 30 }, storage)).mediaItems).toBe(0);
  });

  it("leaves an item's rows when storage refuses to remove its files, and removes them on the next run", async () => {
    const old = await archivedItem(40);
    const failing: MediaStorage = { ...storage, remove: () => Promise.reject(new Error("storage unavailable")) };
    const counts = await applyRetention(NOW, { MEDIA_RETENTION_DAYS: 30 }, failing);
    expect(counts.mediaItemsRetried).toBeGreaterThanOrEqual(1);
    expect(await stateOf(old.item.id)).toBe("archived");
    expect(await filesOf(old.item.id)).toBe(2);

    await applyRetention(NOW, { MEDIA_RETENTION_DAYS: 30 }, storage);
    expect(await stateOf(old.item.id)).toBe("deleted");
    expect(await filesOf(old.item.id)).toBe(0);
    for (const key of old.keys) expect(await exists(key)).toBe(false);
  });

  it("deletes webhook-log rows and audit rows by their own settings", async () => {
    const db = getDb();
    const webhook = (receivedAt: Date) =>
      db.webhookEvent.create({ data: { kind: "inbound", requestId: randomBytes(6).toString("hex"), outcome: "rejected", httpStatus: 401, bodyBytes: 20, body: '{"from":"447700900999"}', receivedAt } });
    const audit = (createdAt: Date) => db.auditEvent.create({ data: { action: "auth.sign_in", createdAt } });
    const oldWebhook = await webhook(daysAgo(8));
    const recentWebhook = await webhook(daysAgo(6));
    const oldAudit = await audit(daysAgo(100));
    const recentAudit = await audit(daysAgo(80));

    await applyRetention(NOW, { WEBHOOK_LOG_RETENTION_DAYS: 7 });
    expect(await db.webhookEvent.findUnique({ where: { id: oldWebhook.id } })).toBeNull();
    expect(await db.webhookEvent.findUnique({ where: { id: recentWebhook.id } })).not.toBeNull();
    expect(await db.auditEvent.count({ where: { id: { in: [oldAudit.id, recentAudit.id] } } })).toBe(2);

    const counts = await applyRetention(NOW, { AUDIT_RETENTION_DAYS: 90 });
    expect(counts.auditEvents).toBeGreaterThanOrEqual(1);
    expect(await db.auditEvent.findUnique({ where: { id: oldAudit.id } })).toBeNull();
    expect(await db.auditEvent.findUnique({ where: { id: recentAudit.id } })).not.toBeNull();
    expect(await db.webhookEvent.findUnique({ where: { id: recentWebhook.id } })).not.toBeNull();
  });
});
