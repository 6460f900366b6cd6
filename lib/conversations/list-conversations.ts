// The inbox: conversations by newest activity, filtered, and paged by keyset (no offset scans, so
// page 50 costs what page 1 costs). A search ranks them instead (search-conversations.ts).
import "server-only";
import type { CurrentUser } from "../auth/current-user";
import { getDb } from "../db";
import { decodeCursor, olderThan, toPage } from "../db/keyset-page";
import type { Prisma } from "../generated/sqlite/client";
import { conversationAccessWhere } from "./conversation-access";
import type { ConversationFilter } from "./conversation-filters";
import { conversationRowSelectFor, toConversationRow } from "./conversation-row";
import { searchConversations } from "./search-conversations";

export const CONVERSATION_PAGE_SIZE = 30;

export async function listConversations(user: CurrentUser, filter: ConversationFilter) {
  if (filter.q) return listSearchResults(user, { ...filter, q: filter.q });
  const where: Prisma.ConversationWhereInput[] = [conversationAccessWhere(user)];
  if (filter.status !== "all") where.push({ status: filter.status });
  if (filter.channel) where.push({ channel: filter.channel });
  if (filter.assigned === "me") where.push({ assigneeId: user.id });
  if (filter.assigned === "unassigned") where.push({ assigneeId: null });
  if (filter.inbox) where.push({ inboxId: filter.inbox });
  if (filter.label) where.push({ labels: { some: { labelId: filter.label } } });
  const after = decodeCursor(filter.after);
  if (after) where.push(olderThan("lastMessageAt", after));
  const rows = await getDb().conversation.findMany({
    where: { AND: where },
    orderBy: [{ lastMessageAt: "desc" }, { id: "desc" }],
    take: CONVERSATION_PAGE_SIZE + 1,
    select: conversationRowSelectFor(user.id),
  });
  const { page, nextCursor } = toPage(rows, CONVERSATION_PAGE_SIZE, (row) => row.lastMessageAt);
  return { conversations: page.map(toConversationRow), nextCursor };
}

/** The search's page of ids, read as rows (access asked again: the rows are read by id). */
async function listSearchResults(user: CurrentUser, filter: ConversationFilter & { q: string }) {
  const { ids, nextCursor } = await searchConversations(user, filter, CONVERSATION_PAGE_SIZE);
  const rows = await getDb().conversation.findMany({
    where: { AND: [conversationAccessWhere(user), { id: { in: ids } }] },
    select: conversationRowSelectFor(user.id),
  });
  const byId = new Map(rows.map((row) => [row.id, row]));
  const conversations = ids.flatMap((id) => {
    const row = byId.get(id);
    return row ? [toConversationRow(row)] : [];
  });
  return { conversations, nextCursor };
}
