// What the composer under a thread needs besides the thread: when the customer last wrote (the
// channel's window counts from it), the saved replies and templates, and whether this server can
// send at all. The caller has already checked the conversation is the user's to see.
import "server-only";
import { getDb } from "../db";
import { newId } from "../db/new-id";
import { attachmentsUnavailable, canSendFrom, REPLIES_NOT_CONFIGURED } from "./create-reply";

export async function getComposerContext(conversation: { id: string; channel: string; inboxId: string }) {
  const { id: conversationId, channel } = conversation;
  const db = getDb();
  const [lastInbound, cannedReplies, templates] = await Promise.all([
    db.message.findFirst({ where: { conversationId, direction: "inbound" }, orderBy: { sentAt: "desc" }, select: { sentAt: true } }),
    db.cannedReply.findMany({ orderBy: { shortcut: "asc" }, select: { shortcut: true, text: true } }),
    channel === "whatsapp" ? db.replyTemplate.findMany({ orderBy: [{ name: "asc" }, { locale: "asc" }] }) : Promise.resolve([]),
  ]);
  return {
    channel,
    firstDraftId: newId(),
    lastInboundAt: lastInbound?.sentAt.toISOString() ?? null,
    repliesUnavailable: (await canSendFrom(conversation.inboxId)) ? null : REPLIES_NOT_CONFIGURED,
    attachmentsUnavailable: attachmentsUnavailable(),
    cannedReplies,
    templates: templates.map((template) => ({ id: template.id, name: template.name, locale: template.locale, body: template.body, parameters: template.parameters as string[] })),
  };
}
