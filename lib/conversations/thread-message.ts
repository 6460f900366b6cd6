// A message as the thread shows it, from the page's first render or a live update alike. Media
// items carry CareDesk's id, never the Vonage URL: the browser fetches them through /api/media/{id}.
import "server-only";
import type { CurrentUser } from "../auth/current-user";
import { getDb } from "../db";
import { getEnv } from "../env";
import type { Prisma } from "../generated/sqlite/client";
import { describeMessage } from "../messages/describe-message";
import { fromStoredContent, type MediaKind, type MessageContent, type MessageExtras } from "../messages/message-content";
import { redactUrls } from "../messages/redact-urls";

export type ArchiveState = "pending" | "archived" | "failed" | "gone" | "too_large" | "deleted" | "not_archived";

export type ThreadMedia = {
  id: string;
  kind: string;
  caption: string | null;
  fileName: string | null;
  contentType: string | null;
  sizeBytes: number | null;
  /** Whether CareDesk keeps its own copy (lib/media-archive/), and if not, why not. */
  archiveState: ArchiveState;
  /** Why the last copy attempt failed ("failed" only). */
  archiveError: string | null;
  /** A small WebP exists for thumbnails (`?variant=preview`). */
  hasPreview: boolean;
  /** ISO date until which Vonage still has the file, while CareDesk has no copy; null once archived. */
  availableUntil: string | null;
  /** MEDIA_RETENTION_DAYS, for a file the retention policy deleted ("deleted" only). */
  retentionDays: number | null;
};

/**
 * Where a reply stands, as the agent sees it: "sending" (in the outbox, or Vonage asked to retry),
 * "checking" (sent, no answer: waiting for Vonage's status), "sent", "delivered", "read", or
 * "failed" with the reason in words.
 */
export type ReplyDelivery = { stage: "sending" | "checking" | "sent" | "delivered" | "read" | "failed"; reason: string | null };

export type ThreadMessage = {
  id: string;
  messageUuid: string | null;
  /** A note is private: colleagues see it, the customer never does. */
  direction: "inbound" | "outbound" | "note";
  /** The agent who wrote a reply or a note (null: the customer, or someone since deleted). */
  author: string | null;
  /** Replies written in CareDesk only. */
  delivery: ReplyDelivery | null;
  /** WhatsApp template replies: which template. */
  template: { name: string; locale: string } | null;
  channel: string;
  messageType: string;
  text: string | null;
  content: MessageContent | null;
  /** The ad or product that brought the customer, their username, the SMS keyword. */
  extras: MessageExtras;
  /** ISO date: messages travel as JSON to the browser. */
  sentAt: string;
  status: string | null;
  media: ThreadMedia[];
  /**
   * The message this one replies to. `isKnown` false: CareDesk does not have it (sent before
   * CareDesk, elsewhere, or from another conversation); `text` then is null.
   */
  quoted: { isKnown: boolean; text: string | null } | null;
  /** Unknown, malformed and unreadable messages, for admins only: the raw JSON with every URL hidden. */
  rawPreview: string | null;
};

export const MEDIA_SELECT = {
  id: true,
  kind: true,
  caption: true,
  fileName: true,
  contentType: true,
  sizeBytes: true,
  archiveState: true,
  archiveError: true,
  files: { where: { variant: "preview" }, select: { id: true } },
} as const;

type MediaRow = Prisma.MediaItemGetPayload<{ select: typeof MEDIA_SELECT }>;

/** Vonage keeps inbound media for 48 hours after it delivered the message. */
const VONAGE_MEDIA_LIFETIME_MS = 48 * 3600 * 1000;
const ARCHIVE_STATES = new Set<string>(["pending", "archived", "failed", "gone", "too_large", "deleted", "not_archived"]);

/** A media row as the browser gets it; `receivedAt` is when its message reached CareDesk. */
export function toThreadMedia(row: MediaRow, receivedAt: Date): ThreadMedia {
  const archiveState = (ARCHIVE_STATES.has(row.archiveState) ? row.archiveState : "pending") as ArchiveState;
  const isFromVonage = archiveState !== "archived" && archiveState !== "deleted" && archiveState !== "gone";
  return {
    id: row.id,
    kind: row.kind,
    caption: row.caption,
    fileName: row.fileName,
    contentType: row.contentType,
    sizeBytes: row.sizeBytes,
    archiveState,
    archiveError: archiveState === "failed" ? row.archiveError : null,
    hasPreview: archiveState === "archived" && row.files.length > 0,
    availableUntil: isFromVonage ? new Date(receivedAt.getTime() + VONAGE_MEDIA_LIFETIME_MS).toISOString() : null,
    retentionDays: archiveState === "deleted" ? (getEnv().MEDIA_RETENTION_DAYS ?? null) : null,
  };
}

/**
 * The columns a thread shows, not the whole row: a page reads 200 messages, and the raw payload
 * (Vonage's whole JSON, for admins' eyes on the few messages CareDesk cannot read) and the outbox's
 * bookkeeping would be read and converted for every one of them.
 */
export const THREAD_MESSAGE_SELECT = {
  id: true,
  messageUuid: true,
  conversationId: true,
  direction: true,
  channel: true,
  messageType: true,
  text: true,
  content: true,
  replyToMessageUuid: true,
  sentAt: true,
  receivedAt: true,
  status: true,
  sendState: true,
  sendError: true,
  sendOptions: true,
  media: { select: MEDIA_SELECT, orderBy: { position: "asc" } },
  author: { select: { name: true, email: true } },
} satisfies Prisma.MessageSelect;

type MessageRow = Prisma.MessageGetPayload<{ select: typeof THREAD_MESSAGE_SELECT }>;

function deliveryOf(row: Pick<MessageRow, "sendState" | "sendError" | "status">): ReplyDelivery | null {
  if (!row.sendState) return null;
  if (row.status === "rejected" || row.status === "undeliverable" || row.sendState === "failed") return { stage: "failed", reason: row.sendError };
  if (row.status === "read" || row.status === "delivered") return { stage: row.status, reason: null };
  if (row.sendState === "accepted") return { stage: "sent", reason: null };
  if (row.sendState === "unknown") return { stage: "checking", reason: null };
  // Queued again after Vonage asked to retry: say why it is taking a while.
  return { stage: "sending", reason: row.sendError };
}

/**
 * Whose eyes a message's raw JSON is for. Vonage's JSON is developer text, and an unreadable body
 * may be anything Vonage signed: admins can open it; agents read a sentence saying it exists.
 */
function canSeeRaw(user: CurrentUser, content: MessageContent | null): boolean {
  if (user.role !== "admin") return false;
  return content?.kind === "unknown" || content?.kind === "malformed" || content?.kind === "unreadable";
}

/** The content as `user` may see it: a contact card's raw JSON is for admins too. */
function visibleContent(user: CurrentUser, content: MessageContent | null): MessageContent | null {
  if (content?.kind !== "contact" || user.role === "admin") return content;
  return { ...content, raw: null };
}

/** The rows as `user` may see them, with the messages they quote looked up in one query. */
export async function toThreadMessages(user: CurrentUser, rows: MessageRow[]): Promise<ThreadMessage[]> {
  const quotedUuids = [...new Set(rows.map((row) => row.replyToMessageUuid).filter((uuid): uuid is string => !!uuid))];
  const quoted = quotedUuids.length
    ? await getDb().message.findMany({
        // Only what the same threads hold: a reply never quotes into a conversation out of reach.
        where: { messageUuid: { in: quotedUuids }, conversationId: { in: [...new Set(rows.map((row) => row.conversationId))] } },
        select: { messageUuid: true, text: true, messageType: true, content: true, media: { select: { kind: true, caption: true, fileName: true, vonageUrl: true }, orderBy: { position: "asc" } } },
      })
    : [];
  // A quoted photo or location is told in words, as the conversation list previews it.
  const quotedByUuid = new Map(
    quoted.map((row) => [
      row.messageUuid,
      describeMessage({
        messageType: row.messageType,
        text: row.text,
        content: fromStoredContent(row.content).content,
        media: row.media.map((media) => ({ kind: media.kind as MediaKind, url: media.vonageUrl, caption: media.caption ?? undefined, fileName: media.fileName ?? undefined })),
      }),
    ]),
  );
  const parsed = rows.map((row) => ({ row, ...fromStoredContent(row.content) }));
  const rawPayloads = await rawPayloadsOf(parsed.filter(({ content }) => canSeeRaw(user, content)).map(({ row }) => row.id));
  return parsed.map(({ row, content, extras }) => {
    const reply = row.replyToMessageUuid ? quotedByUuid.get(row.replyToMessageUuid) : undefined;
    const rawPayload = rawPayloads.get(row.id);
    return {
      id: row.id,
      messageUuid: row.messageUuid,
      direction: row.direction === "outbound" || row.direction === "note" ? row.direction : "inbound",
      author: row.author ? (row.author.name ?? row.author.email) : null,
      delivery: deliveryOf(row),
      template: row.messageType === "template" ? ((row.sendOptions as { template?: { name: string; locale: string } } | null)?.template ?? null) : null,
      channel: row.channel,
      messageType: row.messageType,
      text: row.text,
      content: visibleContent(user, content),
      extras,
      sentAt: row.sentAt.toISOString(),
      status: row.status,
      media: row.media.map((media) => toThreadMedia(media, row.receivedAt)),
      quoted: row.replyToMessageUuid ? { isKnown: reply !== undefined, text: reply || null } : null,
      rawPreview: rawPayload === undefined ? null : redactUrls(rawPayload),
    };
  });
}

/** The raw payloads of the messages only an admin sees raw, read apart: there are few or none. */
async function rawPayloadsOf(messageIds: string[]): Promise<Map<string, string>> {
  if (messageIds.length === 0) return new Map();
  const payloads = await getDb().message.findMany({ where: { id: { in: messageIds } }, select: { id: true, rawPayload: true } });
  return new Map(payloads.map((row) => [row.id, row.rawPayload]));
}
