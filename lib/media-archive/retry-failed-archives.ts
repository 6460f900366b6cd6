// "Retry now" on the admin media page: failed copies become due at once (pending, no backoff).
// The attempt count and last error stay, so the backoff keeps growing if it fails again.
import "server-only";
import { recordAuditEvent } from "../audit/record-audit-event";
import { assertAdmin } from "../auth/assert-admin";
import type { CurrentUser } from "../auth/current-user";
import { getDb } from "../db";
import { AppError } from "../errors";

/** `mediaItemId`: that one item; otherwise every failed item. Returns how many were queued. */
export async function retryFailedArchives(admin: CurrentUser, target: { mediaItemId: string } | { all: true }): Promise<number> {
  assertAdmin(admin);
  return getDb().$transaction(async (tx) => {
    const { count } = await tx.mediaItem.updateMany({
      where: { archiveState: "failed", ...("mediaItemId" in target ? { id: target.mediaItemId } : {}) },
      data: { archiveState: "pending", archiveNextAttemptAt: null },
    });
    if ("mediaItemId" in target && count === 0) throw new AppError("conflict", "This file is no longer failing: it was copied, retried or erased meanwhile.");
    await recordAuditEvent(
      {
        actor: { id: admin.id, email: admin.email },
        action: "media.archive_retried",
        ...("mediaItemId" in target ? { targetType: "media", targetId: target.mediaItemId } : {}),
        detail: { count },
      },
      tx,
    );
    return count;
  });
}
