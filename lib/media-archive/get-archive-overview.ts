// What the admin media page shows: where archived files go, how much they take, what is waiting
// to be copied, what failed and why, the retention and key settings in force, and what is still
// sealed by an older master key (or by one no longer configured: unreadable until it is back).
import "server-only";
import { assertAdmin } from "../auth/assert-admin";
import type { CurrentUser } from "../auth/current-user";
import { getDb } from "../db";
import { getEnv } from "../env";
import { getMediaStorage } from "./storage";

/** Failures listed on the page, the next due first; the count says how many there are in all. */
const FAILURES_SHOWN = 100;

export async function getArchiveOverview(admin: CurrentUser) {
  assertAdmin(admin);
  const env = getEnv();
  const db = getDb();
  const [files, states, oldestPending, failures, fileKeys, inboxKeys] = await Promise.all([
    db.storedFile.groupBy({ by: ["variant"], _sum: { plainBytes: true }, _count: { _all: true } }),
    db.mediaItem.groupBy({ by: ["archiveState"], _count: { _all: true } }),
    db.mediaItem.findFirst({ where: { archiveState: "pending" }, orderBy: { createdAt: "asc" }, select: { createdAt: true } }),
    db.mediaItem.findMany({
      where: { archiveState: "failed" },
      orderBy: [{ archiveNextAttemptAt: "asc" }, { id: "asc" }],
      take: FAILURES_SHOWN,
      select: { id: true, kind: true, archiveError: true, archiveAttempts: true, archiveNextAttemptAt: true, message: { select: { conversationId: true } } },
    }),
    db.storedFile.groupBy({ by: ["keyId"], _count: { _all: true } }),
    db.inbox.groupBy({ by: ["secretsKeyId"], where: { secretsKeyId: { not: null } }, _count: { _all: true } }),
  ]);
  const usage = (variant: string) => {
    const row = files.find((file) => file.variant === variant);
    return { files: row?._count._all ?? 0, bytes: Number(row?._sum.plainBytes ?? 0) };
  };
  const countOf = (state: string) => states.find((row) => row.archiveState === state)?._count._all ?? 0;
  return {
    storageDescription: getMediaStorage().description,
    isArchivingOn: Boolean(env.MEDIA_ENCRYPTION_KEY),
    currentKeyId: env.MEDIA_ENCRYPTION_KEY?.id ?? null,
    oldKeyIds: env.MEDIA_ENCRYPTION_OLD_KEYS.map((key) => key.id),
    keyUse: keyUse(
      fileKeys.map((row) => ({ keyId: row.keyId, count: row._count._all })),
      inboxKeys.map((row) => ({ keyId: row.secretsKeyId!, count: row._count._all })),
    ),
    usage: { originals: usage("original"), previews: usage("preview") },
    counts: {
      pending: countOf("pending"),
      archived: countOf("archived"),
      failed: countOf("failed"),
      gone: countOf("gone"),
      tooLarge: countOf("too_large"),
      deleted: countOf("deleted"),
      notArchived: countOf("not_archived"),
    },
    oldestPendingSince: oldestPending?.createdAt ?? null,
    failures: failures.map((item) => ({
      id: item.id,
      kind: item.kind,
      error: item.archiveError,
      attempts: item.archiveAttempts,
      nextAttemptAt: item.archiveNextAttemptAt,
      conversationId: item.message.conversationId,
    })),
    retention: { mediaDays: env.MEDIA_RETENTION_DAYS ?? null, webhookLogDays: env.WEBHOOK_LOG_RETENTION_DAYS ?? null, auditDays: env.AUDIT_RETENTION_DAYS ?? null },
  };
}

type KeyCount = { keyId: string; count: number };

/**
 * What is not under the current master key: under an older one still configured (`npm run
 * media:rewrap` moves it), or under one configured nowhere (unreadable until it is back).
 */
function keyUse(files: KeyCount[], inboxes: KeyCount[]) {
  const env = getEnv();
  const currentKeyId = env.MEDIA_ENCRYPTION_KEY?.id;
  const oldKeyIds = new Set(env.MEDIA_ENCRYPTION_OLD_KEYS.map((key) => key.id));
  const sum = (rows: KeyCount[], isCounted: (keyId: string) => boolean) => rows.filter((row) => isCounted(row.keyId)).reduce((total, row) => total + row.count, 0);
  const isOld = (keyId: string) => keyId !== currentKeyId && oldKeyIds.has(keyId);
  const isMissing = (keyId: string) => keyId !== currentKeyId && !oldKeyIds.has(keyId);
  return {
    underOldKeys: { files: sum(files, isOld), inboxes: sum(inboxes, isOld) },
    underMissingKeys: {
      files: sum(files, isMissing),
      inboxes: sum(inboxes, isMissing),
      keyIds: [...new Set([...files, ...inboxes].map((row) => row.keyId).filter(isMissing))].sort(),
    },
  };
}

export type ArchiveOverview = Awaited<ReturnType<typeof getArchiveOverview>>;
