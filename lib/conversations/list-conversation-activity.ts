// A conversation's activity for the stretch of time a thread page shows, oldest first, with the
// names of who did it. Access is checked here too, by the same rule as every read.
import "server-only";
import type { CurrentUser } from "../auth/current-user";
import { getDb } from "../db";
import { conversationAccessWhere } from "./conversation-access";
import type { ThreadActivity } from "./thread-activity";

/** More than a thread page would show between its messages; the newest are kept. */
const MAX_ACTIVITY = 500;

/** `from` (inclusive) and `to` (exclusive): the page's time span, open-ended where null. */
export async function listConversationActivity(user: CurrentUser, conversationId: string, span: { from: Date | null; to: Date | null }): Promise<ThreadActivity[]> {
  const rows = await getDb().conversationActivity.findMany({
    where: {
      conversationId,
      conversation: conversationAccessWhere(user),
      createdAt: { ...(span.from ? { gte: span.from } : {}), ...(span.to ? { lt: span.to } : {}) },
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: MAX_ACTIVITY,
    select: { id: true, kind: true, actorId: true, detail: true, createdAt: true, actor: { select: { name: true, email: true } } },
  });
  return rows.reverse().map((row) => ({
    id: row.id,
    kind: row.kind,
    actor: row.actor ? (row.actor.name ?? row.actor.email) : null,
    actorId: row.actorId,
    detail: toDetail(row.detail),
    createdAt: row.createdAt.toISOString(),
  }));
}

/** The row's detail as strings (what record-conversation-activity.ts writes); anything else is dropped. */
function toDetail(stored: unknown): Record<string, string | null> {
  if (typeof stored !== "object" || stored === null || Array.isArray(stored)) return {};
  return Object.fromEntries(Object.entries(stored).filter((entry): entry is [string, string | null] => typeof entry[1] === "string" || entry[1] === null));
}
