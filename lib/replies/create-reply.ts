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
import { isKnownChannel } from "../messages/channels";
import { describeMessage } from "../messages/describe-message";
import { isMediaConfigured } from "../vonage/media-credentials";
import { buildMessageRequest, type ReplyContent } from "./build-message-request";
import { replyTextLimit, replyWindow } from "./reply-window";
import { wakeJobLoop } from "../jobs/wake-job-loop";

export type ReplyInput = {
  /** Chosen by the composer, once per reply: the same id again is the same reply. */
  id: string;
  conversationId: string;
  content: { kind: "text"; text: string } | { kind: "template"; templateId: string; parameters: string[] };
  /** The customer message this reply answers (WhatsApp and Viber show it as a quote). */
  replyToMessageId?: string | null;
};

export const REPLIES_NOT_CONFIGURED =
  "Replies are not set up on this server: an admin sets VONAGE_APPLICATION_ID and the application's private key (VONAGE_PRIVATE_KEY_PATH).";

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
  if (!isMediaConfigured(getEnv())) throw new AppError("not_configured", REPLIES_NOT_CONFIGURED);
  const now = new Date();
  try {
    const created = await getDb().$transaction(async (tx) => {
      const existing = await tx.message.findUnique({ where: { id: input.id }, select: { conversationId: true, authorId: true } });
      if (existing) return sameReply(existing, user, input);
      const conversation = await tx.conversation.findFirst({
        where: { AND: [{ id: input.conversationId }, conversationAccessWhere(user)] },
        select: { id: true, channel: true, businessNumber: true, contact: { select: { address: true } } },
      });
      if (!conversation) throw new AppError("not_found", "This conversation does not exist (any more).");
      if (!isKnownChannel(conversation.channel)) throw new AppError("unprocessable", `CareDesk cannot send on the ${conversation.channel} channel.`);
      const lastInbound = await tx.message.findFirst({ where: { conversationId: conversation.id, direction: "inbound" }, orderBy: { sentAt: "desc" }, select: { sentAt: true } });
      const window = replyWindow(conversation.channel, lastInbound?.sentAt ?? null, now);

      let content: ReplyContent;
      let text: string;
      if (input.content.kind === "template") {
        ({ content, text } = await resolveTemplate(tx, conversation.channel, input.content.templateId, input.content.parameters));
      } else {
        // Forms send line breaks as CRLF; customers' phones expect LF.
        text = input.content.text.replace(/\r\n?/g, "\n").trim();
        if (!text) throw new AppError("bad_request", "Write something to send.");
        if (window.kind === "closed") throw new AppError("unprocessable", window.canUseTemplate ? `${window.reason} Choose a template instead.` : window.reason);
        const limit = replyTextLimit(conversation.channel);
        if (text.length > limit) throw new AppError("unprocessable", `This reply is ${text.length} characters long; this channel takes at most ${limit}.`);
        content = { kind: "text", text };
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
          messageType: content.kind,
          fromAddress: conversation.businessNumber,
          toAddress: conversation.contact.address,
          text,
          replyToMessageUuid,
          clientRef: input.id,
          rawPayload: JSON.stringify(request),
          sentAt: now,
          receivedAt: now,
          authorId: user.id,
          sendState: "queued",
          sendOptions: content.kind === "template" ? { template: { name: content.name, locale: content.locale } } : undefined,
        },
      });
      await tx.conversation.updateMany({
        where: { id: conversation.id, lastMessageAt: { lte: now } },
        data: { lastMessageAt: now, lastMessagePreview: describeMessage({ messageType: "text", text, content: null, media: [] }) },
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
    }
    return created;
  } catch (error) {
    // The same reply submitted twice at once: the other request wrote it.
    if (!isUniqueViolation(error)) throw error;
    const existing = await getDb().message.findUnique({ where: { id: input.id }, select: { conversationId: true, authorId: true } });
    if (!existing) throw error;
    return sameReply(existing, user, input);
  }
}

function sameReply(existing: { conversationId: string; authorId: string | null }, user: CurrentUser, input: ReplyInput) {
  if (existing.conversationId !== input.conversationId || existing.authorId !== user.id) {
    throw new AppError("conflict", "This reply id is already used: reload the page and write the reply again.");
  }
  return { id: input.id, isNew: false };
}
