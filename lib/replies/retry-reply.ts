// An agent's one click on a failed reply: back to the outbox, sent again with the same client_ref.
// Conditional on the reply still being failed, so two tabs clicking at once send it once.
import "server-only";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { CurrentUser } from "../auth/current-user";
import { conversationAccessWhere } from "../conversations/conversation-access";
import { getDb } from "../db";
import { AppError } from "../errors";
import { wakeJobLoop } from "../jobs/wake-job-loop";
import { publishLiveEvent } from "../live/publish-live-event";

export async function retryReply(user: CurrentUser, messageId: string): Promise<{ isRetried: boolean }> {
  const { conversationId, isRetried } = await getDb().$transaction(async (tx) => {
    const reply = await tx.message.findFirst({
      where: { id: messageId, direction: "outbound", sendState: { not: null }, conversation: conversationAccessWhere(user) },
      select: { conversationId: true },
    });
    if (!reply) throw new AppError("not_found", "This reply does not exist (any more).");
    const { count } = await tx.message.updateMany({
      where: { id: messageId, OR: [{ sendState: "failed" }, { status: { in: ["rejected", "undeliverable"] } }] },
      // A fresh count of tries: no sender still holds a failed reply (every send ends within its
      // timeout), so no earlier attempt can write over the new one.
      data: { sendState: "queued", sendAttempts: 0, sendNextAttemptAt: null, sendError: null, messageUuid: null, status: null, statusAt: null },
    });
    if (count) {
      await recordAuditEvent({ actor: { id: user.id, email: user.email }, action: "reply.retried", targetType: "conversation", targetId: reply.conversationId, detail: { messageId } }, tx);
    }
    return { conversationId: reply.conversationId, isRetried: count > 0 };
  });
  if (isRetried) {
    await publishLiveEvent({ kind: "status", conversationId, messageId });
    wakeJobLoop("reply-sender", { isUrgent: true });
  }
  return { isRetried };
}
