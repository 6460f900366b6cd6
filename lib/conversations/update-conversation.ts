// What agents do to a conversation: resolve, reopen, assign, mark unread. Each is one transaction
// with one audit row, and is announced to every open dashboard.
import "server-only";
import type { AuditAction } from "../audit/audit-actions";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { CurrentUser } from "../auth/current-user";
import { getDb } from "../db";
import { conversationAccessWhere } from "./conversation-access";
import { AppError } from "../errors";
import type { LiveEventKind } from "../live/live-bus";
import { publishLiveEvent } from "../live/publish-live-event";

export type ConversationChange =
  | { kind: "resolve" }
  | { kind: "reopen" }
  | { kind: "assign"; assigneeId: string | null }
  | { kind: "mark_unread" };

const LIVE_KINDS: Record<ConversationChange["kind"], LiveEventKind> = { resolve: "state", reopen: "state", assign: "assignment", mark_unread: "read" };

const ACTIONS: Record<ConversationChange["kind"], AuditAction> = {
  resolve: "conversation.resolved",
  reopen: "conversation.reopened",
  assign: "conversation.assigned",
  mark_unread: "conversation.marked_unread",
};

export async function updateConversation(user: CurrentUser, conversationId: string, change: ConversationChange): Promise<void> {
  await getDb().$transaction(async (tx) => {
    const conversation = await tx.conversation.findFirst({ where: { AND: [{ id: conversationId }, conversationAccessWhere(user)] }, select: { id: true } });
    if (!conversation) throw new AppError("not_found", "This conversation does not exist (any more).");
    let detail: Record<string, string | null> = {};
    if (change.kind === "assign" && change.assigneeId) {
      const assignee = await tx.user.findUnique({ where: { id: change.assigneeId }, select: { email: true, isDisabled: true } });
      if (!assignee || assignee.isDisabled) throw new AppError("unprocessable", "That person cannot be assigned: they no longer have an active account.");
      detail = { assignee: assignee.email };
    }
    await tx.conversation.update({
      where: { id: conversationId },
      data:
        change.kind === "resolve"
          ? { status: "resolved", resolvedAt: new Date() }
          : change.kind === "reopen"
            ? { status: "open", resolvedAt: null }
            : change.kind === "assign"
              ? { assigneeId: change.assigneeId }
              : { isUnread: true },
    });
    await recordAuditEvent(
      { actor: { id: user.id, email: user.email }, action: ACTIONS[change.kind], targetType: "conversation", targetId: conversationId, detail },
      tx,
    );
  });
  await publishLiveEvent({ kind: LIVE_KINDS[change.kind], conversationId, messageId: null });
}

/** Opening a thread reads it; not an audit event (it would drown the trail). */
export async function markConversationRead(user: CurrentUser, conversationId: string): Promise<void> {
  const result = await getDb().conversation.updateMany({ where: { AND: [{ id: conversationId, isUnread: true }, conversationAccessWhere(user)] }, data: { isUnread: false } });
  if (result.count) await publishLiveEvent({ kind: "read", conversationId, messageId: null });
}
