// The inbox: conversations by newest activity, filtered, searched, and paged by keyset (no offset
// scans, so page 50 costs what page 1 costs).
import "server-only";
import type { CurrentUser } from "../auth/current-user";
import { getDb } from "../db";
import { containsText } from "../db/contains-text";
import { decodeCursor, olderThan, toPage } from "../db/keyset-page";
import type { Prisma } from "../generated/sqlite/client";
import { conversationAccessWhere } from "./conversation-access";
import type { ConversationFilter } from "./conversation-filters";
import { conversationRowSelectFor, toConversationRow } from "./conversation-row";

export const CONVERSATION_PAGE_SIZE = 30;

export async function listConversations(user: CurrentUser, filter: ConversationFilter) {
  const where: Prisma.ConversationWhereInput[] = [conversationAccessWhere(user)];
  if (filter.status !== "all") where.push({ status: filter.status });
  if (filter.channel) where.push({ channel: filter.channel });
  if (filter.assigned === "me") where.push({ assigneeId: user.id });
  if (filter.assigned === "unassigned") where.push({ assigneeId: null });
  if (filter.inbox) where.push({ inboxId: filter.inbox });
  if (filter.label) where.push({ labels: { some: { labelId: filter.label } } });
  if (filter.q) {
    const text = containsText(filter.q);
    where.push({
      OR: [{ contact: { address: text } }, { contact: { profileName: text } }, { contact: { name: text } }, { messages: { some: { text } } }],
    });
  }
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
