// What the admin media page shows: where archived files go, how much they take, what is waiting
// to be copied, what failed and why, and the retention and key settings in force.
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
  const [files, states, oldestPending, failures] = await Promise.all([
    db.storedFile.groupBy({ by: ["variant"], _sum: { plainBytes: true }, _count: { _all: true } }),
    db.mediaItem.groupBy({ by: ["archiveState"], _count: { _all: true } }),
    db.mediaItem.findFirst({ where: { archiveState: "pending" }, orderBy: { createdAt: "asc" }, select: { createdAt: true } }),
    db.mediaItem.findMany({
      where: { archiveState: "failed" },
      orderBy: [{ archiveNextAttemptAt: "asc" }, { id: "asc" }],
      take: FAILURES_SHOWN,
      select: { id: true, kind: true, archiveError: true, archiveAttempts: true, archiveNextAttemptAt: true, message: { select: { conversationId: true } } },
    }),
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

export type ArchiveOverview = Awaited<ReturnType<typeof getArchiveOverview>>;
