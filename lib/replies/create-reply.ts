// An agent's reply, written to the outbox before anything is sent. Its id is chosen by the
// composer, so a second submit of the same reply (a double click, a retried request) finds the
// first and sends nothing more; the id is also the client_ref Vonage echoes in every status. One
// transaction: the message, the conversation's latest-message fields and one audit row.
import "server-only";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { CurrentUser } from "../auth/current-user";
import { conversationAccessWhere } from "../conversations/conversation-access";
import { getDb } from "../db";
import { getEnv } from "../env";
import { isUniqueViolation } from "../db/is-unique-violation";
import { AppError } from "../errors";
import { publishLiveEvent } from "../live/publish-live-event";
import { channelName, isKnownChannel } from "../messages/channels";
import { describeMessage } from "../messages/describe-message";
import { ownApplicationCredentials } from "../inboxes/inbox-applications";
import { isMediaConfigured } from "../vonage/media-credentials";
import { buildMessageRequest, canCaption, type ReplyContent } from "./build-message-request";
import { replyTextLimit, replyWindow } from "./reply-window";
import { wakeJobLoop } from "../jobs/wake-job-loop";
import { onMediaArchived } from "../media-archive/on-media-archived";
import { getMediaStorage } from "../media-archive/storage";
import { newId } from "../db/new-id";
import { checkAttachment, type AttachmentKind } from "./attachment-rules";
import { storeAttachment, type StoredAttachment } from "./store-attachment";

export type ReplyInput = {
  /** Chosen by the composer, once per reply: the same id again is the same reply. */
  id: string;
  conversationId: string;
  content: { kind: "text"; text: string } | { kind: "template"; templateId: string; parameters: string[] };
  /** The customer message this reply answers (WhatsApp and Viber show it as a quote). */
  replyToMessageId?: string | null;
  /** A file sent with a text reply (the text becomes its caption where the channel shows one). */
  attachment?: File | null;
};

export const ATTACHMENTS_NOT_CONFIGURED =
  "Attachments are off on this server: an admin sets PUBLIC_URL (the address Vonage fetches files from) and MEDIA_ENCRYPTION_KEY (files are stored encrypted).";

/** Why this server cannot send attachments, or null when it can. */
export function attachmentsUnavailable(): string | null {
  const env = getEnv();
  return env.PUBLIC_URL && env.MEDIA_ENCRYPTION_KEY ? null : ATTACHMENTS_NOT_CONFIGURED;
}

type PreparedAttachment = { mediaItemId: string; kind: AttachmentKind; file: File; stored: StoredAttachment };

/**
 * Checks the file against the conversation's channel and stores it encrypted, before the reply's
 * transaction (which records it). Null without a file, or when the reply exists already.
 */
async function prepareAttachment(user: CurrentUser, input: ReplyInput): Promise<PreparedAttachment | null> {
  const file = input.attachment;
  if (!file || (file.size === 0 && !file.name)) return null;
  const unavailable = attachmentsUnavailable();
  if (unavailable) throw new AppError("not_configured", unavailable);
  if (input.content.kind !== "text") throw new AppError("unprocessable", "A template goes without an attachment.");
  const db = getDb();
  if (await db.message.findUnique({ where: { id: input.id }, select: { id: true } })) return null;
  const conversation = await db.conversation.findFirst({ where: { AND: [{ id: input.conversationId }, conversationAccessWhere(user)] }, select: { channel: true } });
  if (!conversation) throw new AppError("not_found", "This conversation does not exist (any more).");
  const check = checkAttachment(conversation.channel, file);
  if ("error" in check) throw new AppError("unprocessable", check.error);
  if (input.content.text.trim() && !canCaption(conversation.channel, check.kind)) {
    throw new AppError("unprocessable", "On this channel the file goes without text: send the text as a reply of its own.");
  }
  const mediaItemId = newId();
  return { mediaItemId, kind: check.kind, file, stored: await storeAttachment(mediaItemId, file) };
}

export const REPLIES_NOT_CONFIGURED =
  "Replies are not set up for this inbox: an admin gives it its Vonage application (Settings → Inboxes), or sets VONAGE_APPLICATION_ID and the private key (VONAGE_PRIVATE_KEY_PATH) for all.";

/** Whether a reply in `inboxId` has an application to go through: the inbox's own, or the environment's. */
export async function canSendFrom(inboxId: string): Promise<boolean> {
  return isMediaConfigured(getEnv()) || (await ownApplicationCredentials(inboxId)) !== null;
}

type Tx = Parameters<Parameters<ReturnType<typeof getDb>["$transaction"]>[0]>[0];

/** The template as Vonage takes it, and its body with the parameters filled in, as the thread shows it. */
async function resolveTemplate(tx: Tx, channel: string, templateId: string, parameters: string[]) {
  if (channel !== "whatsapp") throw new AppError("unprocessable", "Templates are for WhatsApp conversations only.");
  const template = await tx.replyTemplate.findUnique({ where: { id: templateId } });
  if (!template) throw new AppError("unprocessable", "That template no longer exists: pick another.");
  const labels = template.parameters as string[];
  const missing = labels.filter((_, index) => !parameters[index]?.trim());
  if (missing.length > 0 || parameters.length !== labels.length) {
    throw new AppError("unprocessable", `Fill in every field of the template: ${missing.join(", ") || labels.join(", ")}.`);
  }
  const values = parameters.map((value) => value.trim());
  const text = template.body.replace(/\{\{(\d+)\}\}/g, (placeholder, index: string) => values[Number(index) - 1] ?? placeholder);
  return { content: { kind: "template", name: template.name, locale: template.locale, parameters: values } satisfies ReplyContent, text };
}

export async function createReply(user: CurrentUser, input: ReplyInput): Promise<{ id: string; isNew: boolean }> {
  const attachment = await prepareAttachment(user, input);
  const now = new Date();
  try {
    const created = await getDb().$transaction(async (tx) => {
      const existing = await tx.message.findUnique({ where: { id: input.id }, select: { conversationId: true, authorId: true } });
      if (existing) return sameReply(existing, user, input);
      const conversation = await tx.conversation.findFirst({
        where: { AND: [{ id: input.conversationId }, conversationAccessWhere(user)] },
        select: { id: true, channel: true, businessNumber: true, inboxId: true, contact: { select: { address: true } } },
      });
      if (!conversation) throw new AppError("not_found", "This conversation does not exist (any more).");
      if (!(await canSendFrom(conversation.inboxId))) throw new AppError("not_configured", REPLIES_NOT_CONFIGURED);
      if (!isKnownChannel(conversation.channel)) throw new AppError("unprocessable", `CareDesk cannot send on the ${channelName(conversation.channel)} channel.`);
      const lastInbound = await tx.message.findFirst({ where: { conversationId: conversation.id, direction: "inbound" }, orderBy: { sentAt: "desc" }, select: { sentAt: true } });
      const window = replyWindow(conversation.channel, lastInbound?.sentAt ?? null, now);

      let content: ReplyContent;
      let text: string;
      if (input.content.kind === "template") {
        ({ content, text } = await resolveTemplate(tx, conversation.channel, input.content.templateId, input.content.parameters));
      } else {
        // Forms send line breaks as CRLF; customers' phones expect LF.
        text = input.content.text.replace(/\r\n?/g, "\n").trim();
        if (!text && !attachment) throw new AppError("bad_request", "Write something to send.");
        if (window.kind === "closed") throw new AppError("unprocessable", window.canUseTemplate ? `${window.reason} Choose a template instead.` : window.reason);
        const limit = replyTextLimit(conversation.channel);
        if (text.length > limit) throw new AppError("unprocessable", `This reply is ${text.length} characters long; this channel takes at most ${limit}.`);
        content = attachment
          ? { kind: "media", mediaKind: attachment.kind, caption: text || null, fileName: attachment.file.name || null }
          : { kind: "text", text };
      }

      let replyToMessageUuid: string | null = null;
      if (input.replyToMessageId) {
        const quoted = await tx.message.findFirst({
          where: { id: input.replyToMessageId, conversationId: conversation.id, direction: "inbound" },
          select: { messageUuid: true },
        });
        if (!quoted?.messageUuid) throw new AppError("unprocessable", "The message you are replying to is not one of the customer's messages in this conversation.");
        replyToMessageUuid = quoted.messageUuid;
      }

      const request = buildMessageRequest(
        { id: input.id, channel: conversation.channel, from: conversation.businessNumber, to: conversation.contact.address, replyToMessageUuid, window },
        content,
      );
      await tx.message.create({
        data: {
          id: input.id,
          conversationId: conversation.id,
          direction: "outbound",
          channel: conversation.channel,
          messageType: content.kind === "media" ? content.mediaKind : content.kind,
          fromAddress: conversation.businessNumber,
          toAddress: conversation.contact.address,
          text: text || null,
          replyToMessageUuid,
          clientRef: input.id,
          rawPayload: JSON.stringify(request),
          sentAt: now,
          receivedAt: now,
          authorId: user.id,
          sendState: "queued",
          sendOptions:
            content.kind === "template"
              ? { template: { name: content.name, locale: content.locale } }
              : attachment
                ? { attachment: { mediaItemId: attachment.mediaItemId } }
                : undefined,
        },
      });
      if (attachment) await recordAttachment(tx, input.id, attachment, text || null, now);
      await tx.conversation.updateMany({
        where: { id: conversation.id, lastMessageAt: { lte: now } },
        data: {
          lastMessageAt: now,
          lastMessagePreview: describeMessage({
            messageType: attachment?.kind ?? "text",
            text: text || null,
            content: null,
            media: attachment ? [{ kind: attachment.kind, url: "", fileName: attachment.file.name || undefined }] : [],
          }),
        },
      });
      await recordAuditEvent(
        {
          actor: { id: user.id, email: user.email },
          action: "reply.sent",
          targetType: "conversation",
          targetId: conversation.id,
          detail: { messageId: input.id, channel: conversation.channel, kind: content.kind, ...(content.kind === "template" ? { template: content.name } : {}) },
        },
        tx,
      );
      return { id: input.id, isNew: true };
    });
    if (created.isNew) {
      await publishLiveEvent({ kind: "message", conversationId: input.conversationId, messageId: input.id });
      // The agent watches for the tick: the send starts before the action renders its page.
      wakeJobLoop("reply-sender", { isUrgent: true });
      // The thread shows images by their small preview, as it does the customers'.
      if (attachment?.kind === "image") void onMediaArchived(attachment.mediaItemId).catch(() => undefined);
    } else if (attachment) {
      await removeStoredAttachment(attachment);
    }
    return created;
  } catch (error) {
    if (attachment) await removeStoredAttachment(attachment);
    // The same reply submitted twice at once: the other request wrote it.
    if (!isUniqueViolation(error)) throw error;
    const existing = await getDb().message.findUnique({ where: { id: input.id }, select: { conversationId: true, authorId: true } });
    if (!existing) throw error;
    return sameReply(existing, user, input);
  }
}

async function recordAttachment(tx: Tx, messageId: string, attachment: PreparedAttachment, caption: string | null, now: Date): Promise<void> {
  const contentType = attachment.file.type || "application/octet-stream";
  await tx.mediaItem.create({
    data: {
      id: attachment.mediaItemId,
      messageId,
      position: 0,
      kind: attachment.kind,
      // Not Vonage's: CareDesk holds the only copy, in its archive.
      vonageUrl: "",
      caption,
      fileName: attachment.file.name || null,
      contentType,
      sizeBytes: attachment.stored.plainBytes,
      archiveState: "archived",
      archivedAt: now,
      files: { create: { variant: "original", contentType, ...attachment.stored } },
    },
  });
}

async function removeStoredAttachment(attachment: PreparedAttachment): Promise<void> {
  await getMediaStorage()
    .remove(attachment.stored.storageKey)
    .catch(() => undefined);
}

function sameReply(existing: { conversationId: string; authorId: string | null }, user: CurrentUser, input: ReplyInput) {
  if (existing.conversationId !== input.conversationId || existing.authorId !== user.id) {
    throw new AppError("conflict", "This reply id is already used: reload the page and write the reply again.");
  }
  return { id: input.id, isNew: false };
}
