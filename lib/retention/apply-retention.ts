// What CareDesk forgets with age, by the retention settings (unset: kept): archived media files
// (originals and previews), webhook-log rows and audit rows. Run daily by schedule-retention.ts;
// safe to run twice at once (several instances): every step is idempotent and conditional.
import "server-only";
import type { Env } from "../env";
import { getDb } from "../db";
import { getLogger } from "../logger";
import { getMediaStorage, type MediaStorage } from "../media-archive/storage";

export type RetentionSettings = Pick<Env, "MEDIA_RETENTION_DAYS" | "WEBHOOK_LOG_RETENTION_DAYS" | "AUDIT_RETENTION_DAYS">;

export type RetentionCounts = {
  /** Media items whose files were removed (now "deleted"). */
  mediaItems: number;
  files: number;
  /** Items left as they were because storage refused a removal: the next run tries again. */
  mediaItemsRetried: number;
  webhookEvents: number;
  auditEvents: number;
};

const BATCH = 100;
const DAY_MS = 24 * 60 * 60_000;

const cutoff = (now: Date, days: number) => new Date(now.getTime() - days * DAY_MS);

/**
 * Removes one item's files: storage objects first, then (once all are gone) their rows, and the
 * item becomes "deleted" only when no file of it is left. A failed removal changes no row, so no
 * row ever points at nothing the next run cannot remove again, and no object is left without a row.
 */
async function removeArchivedFiles(storage: MediaStorage, item: { id: string; files: { id: string; storageKey: string }[] }): Promise<number> {
  await Promise.all(item.files.map((file) => storage.remove(file.storageKey)));
  return getDb().$transaction(async (tx) => {
    const { count } = await tx.storedFile.deleteMany({ where: { id: { in: item.files.map((file) => file.id) } } });
    // A preview made meanwhile keeps the item archived: its object is removed on the next run.
    if ((await tx.storedFile.count({ where: { mediaItemId: item.id } })) === 0) {
      await tx.mediaItem.updateMany({ where: { id: item.id, archiveState: "archived" }, data: { archiveState: "deleted" } });
    }
    return count;
  });
}

async function expireMedia(before: Date, storage: MediaStorage, counts: RetentionCounts): Promise<void> {
  let afterId: string | undefined;
  for (;;) {
    const items = await getDb().mediaItem.findMany({
      where: { archiveState: "archived", archivedAt: { lt: before }, ...(afterId ? { id: { gt: afterId } } : {}) },
      orderBy: { id: "asc" },
      take: BATCH,
      select: { id: true, files: { select: { id: true, storageKey: true } } },
    });
    if (items.length === 0) return;
    afterId = items.at(-1)!.id;
    for (const item of items) {
      try {
        counts.files += await removeArchivedFiles(storage, item);
        counts.mediaItems++;
      } catch (error) {
        counts.mediaItemsRetried++;
        getLogger().warn({ mediaItemId: item.id, err: error instanceof Error ? error.message : String(error) }, "retention: archived media not removed, retried next run");
      }
    }
  }
}

export async function applyRetention(now: Date, settings: RetentionSettings, storage: MediaStorage = getMediaStorage()): Promise<RetentionCounts> {
  const counts: RetentionCounts = { mediaItems: 0, files: 0, mediaItemsRetried: 0, webhookEvents: 0, auditEvents: 0 };
  if (settings.MEDIA_RETENTION_DAYS) await expireMedia(cutoff(now, settings.MEDIA_RETENTION_DAYS), storage, counts);
  if (settings.WEBHOOK_LOG_RETENTION_DAYS) {
    // Whole rows, not only bodies: past its days a row is no use for following a delivery, and it
    // still ties a message id to a time; accepted events' content lives on the message anyway.
    const { count } = await getDb().webhookEvent.deleteMany({ where: { receivedAt: { lt: cutoff(now, settings.WEBHOOK_LOG_RETENTION_DAYS) } } });
    counts.webhookEvents = count;
  }
  if (settings.AUDIT_RETENTION_DAYS) {
    const { count } = await getDb().auditEvent.deleteMany({ where: { createdAt: { lt: cutoff(now, settings.AUDIT_RETENTION_DAYS) } } });
    counts.auditEvents = count;
  }
  getLogger().info({ ...counts }, "retention applied");
  return counts;
}
