// One conversation with its thread, as the dashboard shows it. Media items carry CareDesk's id,
// never the Vonage URL: the browser fetches them through /api/media/{id}.
import "server-only";
import type { CurrentUser } from "../auth/current-user";
import { getDb } from "../db";
import { olderThan, type KeysetCursor } from "../db/keyset-page";
import { AppError } from "../errors";
import type { MessageContent } from "../messages/message-content";
import { redactUrls } from "../messages/redact-urls";

export const THREAD_PAGE_SIZE = 200;

export type ThreadMedia = { id: string; kind: string; caption: string | null; fileName: string | null; contentType: string | null; sizeBytes: number | null };

export type ThreadMessage = {
  id: string;
  messageUuid: string;
  direction: "inbound" | "outbound";
  channel: string;
  messageType: string;
  text: string | null;
  content: MessageContent | null;
  sentAt: Date;
  status: string | null;
  media: ThreadMedia[];
  quoted: { text: string | null; messageType: string } | null;
  /** Unknown, malformed and unreadable messages only: the raw JSON with every URL hidden. */
  rawPreview: string | null;
};

const MEDIA_SELECT = { id: true, kind: true, caption: true, fileName: true, contentType: true, sizeBytes: true } as const;

/** `before`: the keyset cursor of the oldest message shown (older messages come next). */
/**
 * Whose eyes a message's raw JSON is for. An unreadable body may be anything Vonage signed, not a
 * customer's words CareDesk understood: admins see it; agents see that it exists.
 */
function canSeeRaw(user: CurrentUser, content: MessageContent | null): boolean {
  if (content?.kind === "unreadable") return user.role === "admin";
  return content?.kind === "unknown" || content?.kind === "malformed";
}

export async function getConversation(user: CurrentUser, conversationId: string, options: { before?: KeysetCursor } = {}) {
  // Every signed-in person may read every conversation; the user decides only who sees raw JSON.
  const db = getDb();
  const conversation = await db.conversation.findUnique({
    where: { id: conversationId },
    include: { contact: true, assignee: { select: { id: true, name: true, email: true } } },
  });
  if (!conversation) throw new AppError("not_found", "This conversation does not exist (any more).");

  const newestFirst = await db.message.findMany({
    where: {
      conversationId,
      ...(options.before ? olderThan("sentAt", options.before) : {}),
    },
    orderBy: [{ sentAt: "desc" }, { id: "desc" }],
    take: THREAD_PAGE_SIZE + 1,
    include: { media: { select: MEDIA_SELECT, orderBy: { position: "asc" } } },
  });
  const hasOlder = newestFirst.length > THREAD_PAGE_SIZE;
  const rows = newestFirst.slice(0, THREAD_PAGE_SIZE).reverse();

  const quotedUuids = [...new Set(rows.map((row) => row.replyToMessageUuid).filter((uuid): uuid is string => !!uuid))];
  const quoted = quotedUuids.length
    ? await db.message.findMany({ where: { messageUuid: { in: quotedUuids } }, select: { messageUuid: true, text: true, messageType: true } })
    : [];
  const quotedByUuid = new Map(quoted.map((row) => [row.messageUuid, row]));

  const messages: ThreadMessage[] = rows.map((row) => {
    const content = (row.content ?? null) as MessageContent | null;
    const reply = row.replyToMessageUuid ? quotedByUuid.get(row.replyToMessageUuid) : undefined;
    return {
      id: row.id,
      messageUuid: row.messageUuid,
      direction: row.direction === "outbound" ? "outbound" : "inbound",
      channel: row.channel,
      messageType: row.messageType,
      text: row.text,
      content,
      sentAt: row.sentAt,
      status: row.status,
      media: row.media,
      quoted: row.replyToMessageUuid ? { text: reply?.text ?? null, messageType: reply?.messageType ?? "unknown" } : null,
      rawPreview: canSeeRaw(user, content) ? redactUrls(row.rawPayload) : null,
    };
  });
  const oldest = rows[0];
  return { conversation, messages, olderCursor: hasOlder && oldest ? `${oldest.sentAt.getTime()}_${oldest.id}` : null };
}

export async function listConversationMedia(user: CurrentUser, conversationId: string) {
  void user;
  const db = getDb();
  const conversation = await db.conversation.findUnique({ where: { id: conversationId }, include: { contact: true } });
  if (!conversation) throw new AppError("not_found", "This conversation does not exist (any more).");
  const media = await db.mediaItem.findMany({
    where: { message: { conversationId, direction: "inbound" } },
    orderBy: [{ message: { sentAt: "desc" } }, { position: "asc" }],
    select: { ...MEDIA_SELECT, message: { select: { sentAt: true } } },
  });
  return { conversation, media };
}
