// One conversation with its thread, as the dashboard shows it.
import "server-only";
import type { CurrentUser } from "../auth/current-user";
import { getDb } from "../db";
import { olderThan, type KeysetCursor } from "../db/keyset-page";
import { AppError } from "../errors";
import { conversationAccessWhere } from "./conversation-access";
import { conversationExists } from "./conversation-exists";
import { listConversationActivity } from "./list-conversation-activity";
import { MEDIA_SELECT, THREAD_MESSAGE_SELECT, toThreadMedia, toThreadMessages } from "./thread-message";
import { THREAD_PAGE_SIZE, type ThreadPage } from "./thread-pages";

const NOT_FOUND = "This conversation does not exist (any more).";

/** `before`: the keyset cursor of the oldest message shown (older messages come next). */
export async function getConversation(user: CurrentUser, conversationId: string, options: { before?: KeysetCursor } = {}) {
  const conversation = await getDb().conversation.findFirst({
    where: { AND: [{ id: conversationId }, conversationAccessWhere(user)] },
    include: {
      contact: true,
      inbox: { select: { name: true } },
      reads: { where: { userId: user.id }, select: { readAt: true, isMarkedUnread: true } },
      labels: { select: { label: { select: { id: true, name: true, color: true } } }, orderBy: { label: { name: "asc" } } },
    },
  });
  if (!conversation) throw new AppError("not_found", NOT_FOUND);
  return { conversation, ...(await readThreadPage(user, conversationId, options.before)) };
}

/** One page of a thread, for a tab that shows older messages in place: the access of the page itself. */
export async function getThreadPage(user: CurrentUser, conversationId: string, before: KeysetCursor): Promise<ThreadPage> {
  if (!(await conversationExists(user, conversationId))) throw new AppError("not_found", NOT_FOUND);
  return readThreadPage(user, conversationId, before);
}

async function readThreadPage(user: CurrentUser, conversationId: string, before: KeysetCursor | undefined): Promise<ThreadPage> {
  const newestFirst = await getDb().message.findMany({
    where: { conversationId, ...(before ? olderThan("sentAt", before) : {}) },
    orderBy: [{ sentAt: "desc" }, { id: "desc" }],
    take: THREAD_PAGE_SIZE + 1,
    select: THREAD_MESSAGE_SELECT,
  });
  const hasOlder = newestFirst.length > THREAD_PAGE_SIZE;
  const rows = newestFirst.slice(0, THREAD_PAGE_SIZE).reverse();
  const oldest = rows[0];
  // The activity of the time the page spans: from its oldest message (unless it is the first), up
  // to the next newer page's oldest message (unless it is the newest page).
  const [messages, activity] = await Promise.all([
    toThreadMessages(user, rows),
    listConversationActivity(user, conversationId, { from: hasOlder && oldest ? oldest.sentAt : null, to: before?.at ?? null }),
  ]);
  return { messages, activity, olderCursor: hasOlder && oldest ? `${oldest.sentAt.getTime()}_${oldest.id}` : null };
}

export async function listConversationMedia(user: CurrentUser, conversationId: string) {
  const db = getDb();
  const conversation = await db.conversation.findFirst({ where: { AND: [{ id: conversationId }, conversationAccessWhere(user)] }, include: { contact: true } });
  if (!conversation) throw new AppError("not_found", NOT_FOUND);
  const rows = await db.mediaItem.findMany({
    where: { message: { conversationId, direction: "inbound" } },
    orderBy: [{ message: { sentAt: "desc" } }, { position: "asc" }],
    select: { ...MEDIA_SELECT, message: { select: { sentAt: true, receivedAt: true } } },
  });
  const media = rows.map((row) => ({ ...toThreadMedia(row, row.message.receivedAt), sentAt: row.message.sentAt.toISOString() }));
  return { conversation, media };
}
