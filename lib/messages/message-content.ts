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
};

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
