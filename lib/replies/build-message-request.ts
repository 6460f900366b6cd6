// The Messages API body for a reply, per channel, snake_case as Vonage documents it. The reply's
// id is its client_ref: every status webhook carries it back, which settles a send whose answer
// was lost.
import type { MessageRequest } from "../vonage/send-message";
import type { AttachmentKind } from "./attachment-rules";
import { canQuoteReply, type ReplyWindow } from "./reply-window";

export type ReplyContent =
  | { kind: "text"; text: string }
  /** A file CareDesk serves at a signed URL, filled in at each send (send-reply.ts). */
  | { kind: "media"; mediaKind: AttachmentKind; caption: string | null; fileName: string | null }
  /** A WhatsApp template approved by Meta: `parameters` fill its {{1}}, {{2}}, ... in order. */
  | { kind: "template"; name: string; locale: string; parameters: string[] };

export type ReplyAddressing = {
  id: string;
  channel: string;
  /** The business number or id the customer wrote to. */
  from: string;
  /** The customer. */
  to: string;
  /** Vonage's id of the customer message this reply answers, where the channel shows it. */
  replyToMessageUuid: string | null;
  window: ReplyWindow;
};

export function buildMessageRequest(reply: ReplyAddressing, content: ReplyContent): MessageRequest {
  const messageType = content.kind === "media" ? content.mediaKind : content.kind;
  const request: MessageRequest = { channel: reply.channel, message_type: messageType, to: reply.to, from: reply.from, client_ref: reply.id };
  if (content.kind === "text") request.text = content.text;
  else if (content.kind === "media") {
    request[content.mediaKind] = {
      url: "",
      ...(content.caption ? { caption: content.caption } : {}),
      ...(content.mediaKind === "file" && content.fileName && reply.channel === "whatsapp" ? { name: content.fileName } : {}),
    };
  } else {
    request.template = { name: content.name, parameters: content.parameters };
    request.whatsapp = { policy: "deterministic", locale: content.locale };
  }
  if (reply.replyToMessageUuid && canQuoteReply(reply.channel)) request.context = { message_uuid: reply.replyToMessageUuid };
  if (reply.channel === "messenger") {
    request.messenger = reply.window.kind === "human_agent" ? { category: "message_tag", tag: "HUMAN_AGENT" } : { category: "response" };
  }
  return request;
}

/** Whether `channel` shows text with an attachment of `kind` (a caption); elsewhere it goes alone. */
export function canCaption(channel: string, kind: AttachmentKind): boolean {
  if (channel === "whatsapp") return kind !== "audio";
  return channel === "mms" && kind !== "file";
}
