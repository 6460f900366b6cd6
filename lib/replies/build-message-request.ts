// The Messages API body for a reply, per channel, snake_case as Vonage documents it. The reply's
// id is its client_ref: every status webhook carries it back, which settles a send whose answer
// was lost.
import type { MessageRequest } from "../vonage/send-message";
import { canQuoteReply, type ReplyWindow } from "./reply-window";

export type ReplyContent =
  | { kind: "text"; text: string }
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
  const request: MessageRequest = { channel: reply.channel, message_type: content.kind, to: reply.to, from: reply.from, client_ref: reply.id };
  if (content.kind === "text") request.text = content.text;
  else {
    request.template = { name: content.name, parameters: content.parameters };
    request.whatsapp = { policy: "deterministic", locale: content.locale };
  }
  if (reply.replyToMessageUuid && canQuoteReply(reply.channel)) request.context = { message_uuid: reply.replyToMessageUuid };
  if (reply.channel === "messenger") {
    request.messenger = reply.window.kind === "human_agent" ? { category: "message_tag", tag: "HUMAN_AGENT" } : { category: "response" };
  }
  return request;
}
