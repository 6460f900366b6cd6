// Who may see which conversation, decided here and nowhere else: every list, count, search,
// thread, gallery, media file, reply, note, action and live event asks these functions.
//
// Admins see every conversation. An agent sees:
// - the conversations of the inboxes their teams handle;
// - those of every inbox no team handles yet (so an install without teams works as before, and
//   restricting an inbox starts when an admin gives it to a team), except Unrouted, which is for
//   admins;
// - and any conversation assigned to them (an admin can hand one across).
// Out of reach reads as not there (404), never as forbidden.
import "server-only";
import type { CurrentUser } from "../auth/current-user";
import { getDb } from "../db";
import { Prisma } from "../generated/sqlite/client";

type Person = Pick<CurrentUser, "id" | "role">;

/** The inboxes an agent reaches, as a condition on Inbox. */
function reachableInboxWhere(user: Person): Prisma.InboxWhereInput {
  return {
    OR: [{ teams: { some: { team: { members: { some: { userId: user.id } } } } } }, { kind: { not: "unrouted" }, teams: { none: {} } }],
  };
}

/** The conversations `user` may see, as a condition for the database's where-clause. */
export function conversationAccessWhere(user: Person): Prisma.ConversationWhereInput {
  if (user.role === "admin") return {};
  return { OR: [{ assigneeId: user.id }, { inbox: reachableInboxWhere(user) }] };
}

/** The same decision held in memory, for a stream deciding about many conversations (live events). */
export type ConversationReach = { isAll: true } | { isAll: false; userId: string; inboxIds: ReadonlySet<string> };

/** Read once for a live stream, and again at each of its access checks (team changes apply then). */
export async function loadConversationReach(user: Person): Promise<ConversationReach> {
  if (user.role === "admin") return { isAll: true };
  const inboxes = await getDb().inbox.findMany({ where: reachableInboxWhere(user), select: { id: true } });
  return { isAll: false, userId: user.id, inboxIds: new Set(inboxes.map((inbox) => inbox.id)) };
}

export function canSeeConversation(reach: ConversationReach, conversation: { assigneeId: string | null; inboxId: string }): boolean {
  return reach.isAll || conversation.assigneeId === reach.userId || reach.inboxIds.has(conversation.inboxId);
}

/**
 * The same decision as a condition of hand-written SQL, for counts taken in one statement
 * (count-unread-views.ts). `alias` names the "Conversation" table in that statement.
 */
export function conversationAccessSql(reach: ConversationReach, alias: string): Prisma.Sql {
  if (reach.isAll) return Prisma.sql`1 = 1`;
  const column = (name: string) => Prisma.raw(`${alias}."${name}"`);
  const isAssigned = Prisma.sql`${column("assigneeId")} = ${reach.userId}`;
  if (reach.inboxIds.size === 0) return isAssigned;
  return Prisma.sql`(${isAssigned} OR ${column("inboxId")} IN (${Prisma.join([...reach.inboxIds])}))`;
}
