import "server-only";
import { recordAuditEvent } from "../audit/record-audit-event";
import { assertAdmin } from "../auth/assert-admin";
import type { CurrentUser } from "../auth/current-user";
import { getDb } from "../db";
import { AppError } from "../errors";

/** Deletes a canned reply, with one audit row naming its shortcut (never its text). */
export async function deleteCannedReply(actor: CurrentUser, cannedReplyId: string): Promise<{ shortcut: string }> {
  assertAdmin(actor);
  return getDb().$transaction(async (tx) => {
    const cannedReply = await tx.cannedReply.findUnique({ where: { id: cannedReplyId }, select: { shortcut: true } });
    // Counted rather than delete(): another admin deleting it meanwhile is "deleted already" too.
    const { count } = await tx.cannedReply.deleteMany({ where: { id: cannedReplyId } });
    if (!cannedReply || count === 0) throw new AppError("not_found", "That canned reply was deleted already.");
    await recordAuditEvent(
      {
        actor: { id: actor.id, email: actor.email },
        action: "canned_reply.deleted",
        targetType: "canned_reply",
        targetId: cannedReplyId,
        detail: { shortcut: cannedReply.shortcut },
      },
      tx,
    );
    return cannedReply;
  });
}
