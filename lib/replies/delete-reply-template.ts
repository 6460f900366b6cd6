import "server-only";
import { recordAuditEvent } from "../audit/record-audit-event";
import { assertAdmin } from "../auth/assert-admin";
import type { CurrentUser } from "../auth/current-user";
import { getDb } from "../db";
import { AppError } from "../errors";

/**
 * Deletes a template, with one audit row naming it. Replies already sent with it keep their text;
 * agents can no longer choose it once WhatsApp's window has closed.
 */
export async function deleteReplyTemplate(actor: CurrentUser, templateId: string): Promise<{ name: string; locale: string }> {
  assertAdmin(actor);
  return getDb().$transaction(async (tx) => {
    const template = await tx.replyTemplate.findUnique({ where: { id: templateId }, select: { name: true, locale: true } });
    // Counted rather than delete(): another admin deleting it meanwhile is "deleted already" too.
    const { count } = await tx.replyTemplate.deleteMany({ where: { id: templateId } });
    if (!template || count === 0) throw new AppError("not_found", "That template was deleted already.");
    await recordAuditEvent(
      {
        actor: { id: actor.id, email: actor.email },
        action: "template.deleted",
        targetType: "template",
        targetId: templateId,
        detail: { name: template.name, locale: template.locale },
      },
      tx,
    );
    return template;
  });
}
