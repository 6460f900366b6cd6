// Who may see which conversation, decided here and nowhere else: every list, count, search,
// thread, gallery, media file, reply, note, action and live event asks these functions. Admins
// see every conversation. An agent sees the conversations of the inboxes their teams handle, and
// any assigned to them (an admin can hand one across). Out of reach reads as not there (404).
import "server-only";
import type { CurrentUser } from "../auth/current-user";
import { getDb } from "../db";
import type { Prisma } from "../generated/sqlite/client";

/** The conversations `user` may see, as a condition for the database's where-clause. */
export function conversationAccessWhere(user: Pick<CurrentUser, "id" | "role">): Prisma.ConversationWhereInput {
  if (user.role === "admin") return {};
  return { OR: [{ assigneeId: user.id }, { inbox: { teams: { some: { team: { members: { some: { userId: user.id } } } } } } }] };
}

/** The same decision held in memory, for a stream deciding about many conversations (live events). */
export type ConversationReach = { isAll: true } | { isAll: false; userId: string; inboxIds: ReadonlySet<string> };

/** Read once for a live stream, and again at each of its access checks (team changes apply then). */
export async function loadConversationReach(user: Pick<CurrentUser, "id" | "role">): Promise<ConversationReach> {
  if (user.role === "admin") return { isAll: true };
  const inboxes = await getDb().teamInbox.findMany({ where: { team: { members: { some: { userId: user.id } } } }, select: { inboxId: true } });
  return { isAll: false, userId: user.id, inboxIds: new Set(inboxes.map((row) => row.inboxId)) };
}

export function canSeeConversation(reach: ConversationReach, conversation: { assigneeId: string | null; inboxId: string }): boolean {
  return reach.isAll || conversation.assigneeId === reach.userId || reach.inboxIds.has(conversation.inboxId);
}
