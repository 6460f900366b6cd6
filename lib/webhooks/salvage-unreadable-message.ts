// A signed inbound webhook CareDesk cannot parse is still a customer's message: it is stored as
// an unreadable message with its raw JSON, under whatever of its envelope can be read.
import "server-only";
import { createHash } from "node:crypto";
import { z } from "zod";
import type { InboundMessage } from "../messages/message-content";
import { webhookTimestamp } from "./webhook-json";

/** The contact an unreadable message lands on when its sender cannot be read (one per channel). */
export const UNKNOWN_SENDER = "Unknown sender";

// The same bounds as a readable envelope (parse-inbound-message.ts), field by field.
const readable = z.object({
  message_uuid: z.string().min(1).max(200).optional().catch(undefined),
  to: z.union([z.string().min(1).max(256), z.number()]).transform(String).optional().catch(undefined),
  from: z.union([z.string().min(1).max(256), z.number()]).transform(String).optional().catch(undefined),
  timestamp: webhookTimestamp.optional().catch(undefined),
  channel: z.string().min(1).max(50).optional().catch(undefined),
  message_type: z.string().min(1).max(50).optional().catch(undefined),
  text: z.string().optional().catch(undefined),
});

/**
 * Without a readable message_uuid, the body's hash stands in for it: a redelivery of the same body
 * is still stored once.
 */
export function salvageUnreadableMessage(payload: unknown, rawPayload: string, problem: string, receivedAt: Date): InboundMessage {
  const envelope = readable.safeParse(typeof payload === "object" && payload !== null && !Array.isArray(payload) ? payload : {});
  const head = envelope.success ? envelope.data : {};
  return {
    messageUuid: head.message_uuid ?? `unreadable-${createHash("sha256").update(rawPayload).digest("hex")}`,
    channel: head.channel ?? "unknown",
    messageType: head.message_type ?? "unknown",
    from: head.from ?? UNKNOWN_SENDER,
    to: head.to ?? "unknown",
    sentAt: head.timestamp ? new Date(head.timestamp) : receivedAt,
    text: head.text ?? null,
    content: { kind: "unreadable", problem },
    media: [],
    extras: {},
  };
}
