// What agents do to a conversation: resolve, reopen, set pending, snooze, assign, prioritise,
// label, mark unread. Each is one transaction with one audit row and, where teammates should see
// it between the messages, one activity row; each is announced to every open dashboard.
import "server-only";
import type { AuditAction } from "../audit/audit-actions";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { CurrentUser } from "../auth/current-user";
import { getDb } from "../db";
import { AppError } from "../errors";
import type { LiveEventKind } from "../live/live-bus";
import { publishLiveEvent } from "../live/publish-live-event";
import { conversationAccessWhere } from "./conversation-access";
import type { ConversationChange } from "./conversation-change";
import { isUnread, NEVER_READ } from "./conversation-row";
import { recordConversationActivity, type ActivityKind } from "./record-conversation-activity";
import type { Prisma } from "../generated/sqlite/client";

type Kind = ConversationChange["kind"];

const LIVE_KINDS: Record<Kind, LiveEventKind> = {
  resolve: "state",
  reopen: "state",
  pending: "state",
  snooze: "state",
  priority: "state",
  label: "state",
  unlabel: "state",
  assign: "assignment",
  mark_unread: "read",
};

const ACTIONS: Record<Kind, AuditAction> = {
  resolve: "conversation.resolved",
  reopen: "conversation.reopened",
  pending: "conversation.pending",
  snooze: "conversation.snoozed",
  assign: "conversation.assigned",
  priority: "conversation.prioritised",
  label: "conversation.labelled",
  unlabel: "conversation.unlabelled",
  mark_unread: "conversation.marked_unread",
};

const NOT_FOUND = "This conversation does not exist (any more).";

type Transaction = Prisma.TransactionClient;
type Applied = { detail: Record<string, string | null>; activity: { kind: ActivityKind; detail: Record<string, string | null> } | null };

/** Makes the change inside `tx` and says what to record of it; null when nothing changed. */
async function applyChange(tx: Transaction, user: CurrentUser, conversationId: string, change: ConversationChange): Promise<Applied | null> {
  const where = { id: conversationId };
  switch (change.kind) {
    case "resolve":
      await tx.conversation.update({ where, data: { status: "resolved", resolvedAt: new Date(), snoozedUntil: null } });
      return { detail: {}, activity: { kind: "resolved", detail: {} } };
    case "reopen":
      await tx.conversation.update({ where, data: { status: "open", resolvedAt: null, snoozedUntil: null } });
      return { detail: {}, activity: { kind: "reopened", detail: {} } };
    case "pending":
      await tx.conversation.update({ where, data: { status: "pending", resolvedAt: null, snoozedUntil: null } });
      return { detail: {}, activity: { kind: "pending", detail: {} } };
    case "snooze": {
      const until = change.until.toISOString();
      await tx.conversation.update({ where, data: { status: "snoozed", resolvedAt: null, snoozedUntil: change.until } });
      return { detail: { until }, activity: { kind: "snoozed", detail: { until } } };
    }
    case "assign": {
      if (!change.assigneeId) {
        await tx.conversation.update({ where, data: { assigneeId: null } });
        return { detail: { assignee: null }, activity: { kind: "unassigned", detail: {} } };
      }
      const assignee = await tx.user.findUnique({ where: { id: change.assigneeId }, select: { email: true, name: true, isDisabled: true } });
      if (!assignee || assignee.isDisabled) throw new AppError("unprocessable", "That person cannot be assigned: they no longer have an active account.");
      await tx.conversation.update({ where, data: { assigneeId: change.assigneeId } });
      return { detail: { assignee: assignee.email }, activity: { kind: "assigned", detail: { assigneeId: change.assigneeId, assignee: assignee.name ?? assignee.email } } };
    }
    case "priority":
      await tx.conversation.update({ where, data: { priority: change.priority } });
      return { detail: { priority: change.priority }, activity: { kind: "prioritised", detail: { priority: change.priority } } };
    case "label":
    case "unlabel": {
      const label = await tx.label.findUnique({ where: { id: change.labelId }, select: { name: true, color: true } });
      if (!label) throw new AppError("unprocessable", "That label no longer exists: an admin may have deleted it.");
      const key = { conversationId, labelId: change.labelId };
      const hasLabel = (await tx.conversationLabel.count({ where: key })) > 0;
      if (hasLabel === (change.kind === "label")) return null;
      if (change.kind === "label") await tx.conversationLabel.create({ data: key });
      else await tx.conversationLabel.delete({ where: { conversationId_labelId: key } });
      // The row's updatedAt orders live rows: a label change is a change of the row.
      await tx.conversation.update({ where, data: { updatedAt: new Date() } });
      const detail = { label: label.name, color: label.color };
      return { detail, activity: { kind: change.kind === "label" ? "labelled" : "unlabelled", detail } };
    }
    case "mark_unread":
      // Personal: the person's own read state, no activity for the team.
      await tx.conversationRead.upsert({
        where: { conversationId_userId: { conversationId, userId: user.id } },
        create: { conversationId, userId: user.id, readAt: new Date(), isMarkedUnread: true },
        update: { isMarkedUnread: true },
      });
      return { detail: {}, activity: null };
  }
}

export async function updateConversation(user: CurrentUser, conversationId: string, change: ConversationChange): Promise<void> {
  const applied = await getDb().$transaction(async (tx) => {
    const conversation = await tx.conversation.findFirst({ where: { AND: [{ id: conversationId }, conversationAccessWhere(user)] }, select: { id: true } });
    if (!conversation) throw new AppError("not_found", NOT_FOUND);
    const result = await applyChange(tx, user, conversationId, change);
    if (!result) return null;
    if (result.activity) await recordConversationActivity(tx, { conversationId, actorId: user.id, ...result.activity });
    await recordAuditEvent(
      { actor: { id: user.id, email: user.email }, action: ACTIONS[change.kind], targetType: "conversation", targetId: conversationId, detail: result.detail },
      tx,
    );
    return result;
  });
  if (!applied) return;
  await publishLiveEvent({ kind: LIVE_KINDS[change.kind], conversationId, messageId: null, userId: change.kind === "mark_unread" ? user.id : null });
}

/** Opening a thread reads it, for this person only; not an audit event (it would drown the trail). */
export async function markConversationRead(user: CurrentUser, conversationId: string): Promise<void> {
  const db = getDb();
  const conversation = await db.conversation.findFirst({
    where: { AND: [{ id: conversationId }, conversationAccessWhere(user)] },
    select: { lastInboundAt: true, reads: { where: { userId: user.id }, select: { readAt: true, isMarkedUnread: true } } },
  });
  if (!conversation) return;
  const [read] = conversation.reads;
  const readState = read ? { readAt: read.readAt.toISOString(), isMarkedUnread: read.isMarkedUnread } : NEVER_READ;
  if (!isUnread({ lastInboundAt: conversation.lastInboundAt?.toISOString() ?? null }, readState)) return;
  // Never before the customer's newest message, even if Vonage's clock is ahead of ours.
  const now = new Date();
  const readAt = conversation.lastInboundAt && conversation.lastInboundAt > now ? conversation.lastInboundAt : now;
  await db.conversationRead.upsert({
    where: { conversationId_userId: { conversationId, userId: user.id } },
    create: { conversationId, userId: user.id, readAt },
    update: { readAt, isMarkedUnread: false },
  });
  await publishLiveEvent({ kind: "read", conversationId, messageId: null, userId: user.id });
}
