import "server-only";
import { recordAuditEvent } from "../audit/record-audit-event";
import { assertAdmin } from "../auth/assert-admin";
import type { CurrentUser } from "../auth/current-user";
import { getDb } from "../db";
import { AppError } from "../errors";

/**
 * Deletes a label: it comes off every conversation (the database cascades), while the activity
 * lines that name it stay. One audit row with its name and how many conversations had it.
 */
export async function deleteLabel(actor: CurrentUser, labelId: string): Promise<{ name: string; conversations: number }> {
  assertAdmin(actor);
  return getDb().$transaction(async (tx) => {
    const label = await tx.label.findUnique({ where: { id: labelId }, select: { name: true, _count: { select: { conversations: true } } } });
    // Counted rather than delete(): another admin deleting it meanwhile is "deleted already" too.
    const { count } = await tx.label.deleteMany({ where: { id: labelId } });
    if (!label || count === 0) throw new AppError("not_found", "That label was deleted already.");
    const conversations = label._count.conversations;
    await recordAuditEvent({ actor: { id: actor.id, email: actor.email }, action: "label.deleted", targetType: "label", targetId: labelId, detail: { name: label.name, conversations } }, tx);
    return { name: label.name, conversations };
  });
}
