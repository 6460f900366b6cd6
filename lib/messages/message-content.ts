// The one channel-independent shape CareDesk gives every inbound message, whatever channel and
// type Vonage sent. Unknown channels and types are kept as data ("unknown"), never dropped.
// Webhooks write it and conversations read it, so it lives in neither domain.

export const MEDIA_KINDS = ["image", "audio", "video", "file", "vcard", "sticker"] as const;
export type MediaKind = (typeof MEDIA_KINDS)[number];

export type MediaPart = { kind: MediaKind; url: string; caption?: string; fileName?: string };

export type MessageContent =
  | { kind: "location"; lat: number; long: number; name?: string; address?: string }
  | { kind: "reply"; id: string; title: string; description?: string }
  | { kind: "button"; text: string; payload?: string; subtype?: string }
  | { kind: "order"; catalogId?: string; items: { productId?: string; quantity?: number; price?: number; currency?: string }[] }
  | { kind: "reaction"; action: "react" | "unreact"; emoji?: string }
  | { kind: "contact"; name?: string; phones: string[]; raw: unknown }
  /** Vonage's own `unsupported` type: the customer sent something the channel cannot pass on. */
  | { kind: "unsupported" }
  /** A channel or message type CareDesk does not know yet: the raw JSON is kept and shown. */
  | { kind: "unknown"; channel: string; messageType: string }
  /** A known type whose body did not have the expected shape: kept, shown as unreadable. */
  | { kind: "malformed"; messageType: string; problem: string }
  /** A signed webhook that is not a Messages API message at all: kept with its raw JSON, flagged. */
  | { kind: "unreadable"; problem: string };

/**
 * What came with a message besides its body, on any type: the ad or product that brought the
 * customer, their WhatsApp username, the SMS keyword. Stored inside `Message.content` (see
 * toStoredContent), so a text message with a referral keeps it too.
 */
export type MessageExtras = {
  /** A Click-to-WhatsApp ad or post the customer tapped before writing (`whatsapp.referral`). */
  adReferral?: { headline?: string; body?: string; sourceType?: string; sourceId?: string; sourceUrl?: string; mediaType?: string };
  /** The catalog product the customer asked about (`context.whatsapp_referred_product`). */
  referredProduct?: { catalogId?: string; productId?: string };
  /** WhatsApp `profile.username`, which a customer may have instead of a shared phone number or name. */
  username?: string;
  /** The keyword Vonage matched in an inbound SMS (`sms.keyword`). */
  smsKeyword?: string;
};

export type InboundMessage = {
  messageUuid: string;
  channel: string;
  messageType: string;
  from: string;
  to: string;
  sentAt: Date;
  text: string | null;
  content: MessageContent | null;
  media: MediaPart[];
  profileName?: string;
  replyToMessageUuid?: string;
  clientRef?: string;
  extras: MessageExtras;
};

/** What `Message.content` holds: the content, with the extras under `extras` when there are any. */
export function toStoredContent(content: MessageContent | null, extras: MessageExtras): Record<string, unknown> | null {
  if (Object.keys(extras).length === 0) return content;
  return { ...content, extras };
}

/** Reads `Message.content` back: rows written before extras existed hold the content alone. */
export function fromStoredContent(stored: unknown): { content: MessageContent | null; extras: MessageExtras } {
  if (!stored || typeof stored !== "object") return { content: null, extras: {} };
  const { extras, ...content } = stored as Record<string, unknown> & { extras?: MessageExtras };
  return { content: "kind" in content ? (content as MessageContent) : null, extras: extras && typeof extras === "object" ? extras : {} };
}

export type StatusUpdate = {
  messageUuid: string;
  status: string;
  channel: string;
  from: string;
  to: string;
  occurredAt: Date;
  error: { type?: string; title?: string; detail?: string; instance?: string } | null;
  /** Why a rejected or undeliverable message failed, in words, whatever shape `error` came in. */
  errorText: string | null;
  clientRef?: string;
};
