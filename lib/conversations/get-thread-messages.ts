// Messages of one thread by id, for a tab that was told they arrived or changed (a live update):
// the same shape and the same access as the page that shows them.
import "server-only";
import type { CurrentUser } from "../auth/current-user";
import { getDb } from "../db";
import { AppError } from "../errors";
import { conversationAccessWhere } from "./conversation-access";
import { THREAD_MESSAGE_SELECT, toThreadMessages, type ThreadMessage } from "./thread-message";

export async function getThreadMessages(user: CurrentUser, conversationId: string, messageIds: string[]): Promise<ThreadMessage[]> {
  const db = getDb();
  const conversation = await db.conversation.findFirst({ where: { AND: [{ id: conversationId }, conversationAccessWhere(user)] }, select: { id: true } });
  if (!conversation) throw new AppError("not_found", "This conversation does not exist (any more).");
  const rows = await db.message.findMany({
    where: { conversationId, id: { in: messageIds } },
    orderBy: [{ sentAt: "asc" }, { id: "asc" }],
    select: THREAD_MESSAGE_SELECT,
  });
  return toThreadMessages(user, rows);
}
