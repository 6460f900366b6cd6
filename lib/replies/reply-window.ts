// When a channel lets a business write free-form to a customer. WhatsApp: within 24 hours of the
// customer's last message, afterwards only an approved template. Messenger: 24 hours, then up to
// 7 days with the HUMAN_AGENT tag, then not at all. SMS, MMS, Viber and RCS have no window.
// Measured from the customer's last message, as Vonage and Meta measure it. Pure: the composer
// counts the time left with it too.

const HOUR_MS = 3600_000;
export const WHATSAPP_WINDOW_MS = 24 * HOUR_MS;
export const MESSENGER_STANDARD_WINDOW_MS = 24 * HOUR_MS;
export const MESSENGER_HUMAN_AGENT_WINDOW_MS = 7 * 24 * HOUR_MS;

export type ReplyWindow =
  /** Free-form replies at any time. */
  | { kind: "always" }
  /** Free-form until `closesAt` (ISO). */
  | { kind: "open"; closesAt: string }
  /** Messenger after 24 hours: free-form with the HUMAN_AGENT tag until `closesAt` (ISO). */
  | { kind: "human_agent"; closesAt: string }
  /** No free-form reply; `canUseTemplate` says whether an approved template still can go. */
  | { kind: "closed"; reason: string; canUseTemplate: boolean };

export function replyWindow(channel: string, lastInboundAt: Date | string | null, now: Date = new Date()): ReplyWindow {
  const last = lastInboundAt === null ? null : new Date(lastInboundAt).getTime();
  if (channel === "whatsapp") {
    if (last !== null && now.getTime() < last + WHATSAPP_WINDOW_MS) return { kind: "open", closesAt: new Date(last + WHATSAPP_WINDOW_MS).toISOString() };
    return {
      kind: "closed",
      canUseTemplate: true,
      reason:
        last === null
          ? "The customer has not written on WhatsApp yet, so only an approved template can start the conversation."
          : "More than 24 hours have passed since the customer's last WhatsApp message, so WhatsApp accepts only an approved template until they write again.",
    };
  }
  if (channel === "messenger") {
    if (last !== null && now.getTime() < last + MESSENGER_STANDARD_WINDOW_MS) return { kind: "open", closesAt: new Date(last + MESSENGER_STANDARD_WINDOW_MS).toISOString() };
    if (last !== null && now.getTime() < last + MESSENGER_HUMAN_AGENT_WINDOW_MS) return { kind: "human_agent", closesAt: new Date(last + MESSENGER_HUMAN_AGENT_WINDOW_MS).toISOString() };
    return {
      kind: "closed",
      canUseTemplate: false,
      reason: "More than 7 days have passed since the customer's last Messenger message: Messenger accepts no reply until they write again.",
    };
  }
  return { kind: "always" };
}

/** Text limits per channel, as the Messages API enforces them. */
const TEXT_LIMITS: Record<string, number> = { whatsapp: 4096, messenger: 640, rcs: 3072 };

export function replyTextLimit(channel: string): number {
  return TEXT_LIMITS[channel] ?? 1000;
}

/** Channels on which a reply can quote the customer's message it answers (`context.message_uuid`). */
export function canQuoteReply(channel: string): boolean {
  return channel === "whatsapp" || channel === "viber_service";
}
