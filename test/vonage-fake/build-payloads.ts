// Part of the local Vonage stand-in: realistic Messages API (v1) webhook bodies for every channel
// and inbound message type Vonage documents, and status updates. Tests, the demo and the
// benchmarks all build their traffic here.
import { randomUUID } from "node:crypto";
import type { Channel } from "@/lib/messages/channels";

export const INBOUND_TYPES_BY_CHANNEL = {
  sms: ["text"],
  mms: ["text", "image", "vcard", "audio", "video", "file", "content"],
  whatsapp: ["text", "image", "audio", "video", "file", "sticker", "location", "contact", "reply", "button", "order", "reaction", "unsupported"],
  messenger: ["text", "image", "audio", "video", "file", "unsupported"],
  viber_service: ["text", "image", "video", "file"],
  rcs: ["text", "image", "video", "file", "audio", "location", "vcard", "reply", "button"],
} as const satisfies Record<Channel, readonly string[]>;

export const STATUSES = ["submitted", "delivered", "read", "rejected", "undeliverable"] as const;

export type InboundOptions = {
  channel: string;
  messageType: string;
  messageUuid?: string;
  from?: string;
  to?: string;
  timestamp?: Date;
  text?: string;
  /** Where media URLs point: Vonage's media host, or the local media stand-in. */
  mediaOrigin?: string;
  /** Media ids to use, in order (the media stand-in serves files under these). */
  mediaIds?: string[];
  profileName?: string;
  replyTo?: string;
};

const ADDRESSES: Record<string, { customer: string; business: string }> = {
  sms: { customer: "447700900001", business: "447700900100" },
  mms: { customer: "14155550101", business: "14155550100" },
  whatsapp: { customer: "447700900002", business: "447700900200" },
  messenger: { customer: "4412345678901234", business: "1098765432109876" },
  viber_service: { customer: "447700900003", business: "CareDeskViber" },
  rcs: { customer: "447700900004", business: "CareDeskRCS" },
};

export function buildInboundPayload(options: InboundOptions): Record<string, unknown> {
  const addresses = ADDRESSES[options.channel] ?? { customer: "447700900999", business: "447700900998" };
  const mediaOrigin = options.mediaOrigin ?? "https://api-us.nexmo.com";
  const mediaIds = [...(options.mediaIds ?? [])];
  const mediaUrl = () => `${mediaOrigin}/v3/media/${mediaIds.shift() ?? randomUUID()}`;
  const payload: Record<string, unknown> = {
    channel: options.channel,
    message_uuid: options.messageUuid ?? randomUUID(),
    to: options.to ?? addresses.business,
    from: options.from ?? addresses.customer,
    timestamp: (options.timestamp ?? new Date()).toISOString(),
    message_type: options.messageType,
  };
  const text = options.text ?? "Hi, my parcel arrived damaged. Can you help?";
  switch (options.messageType) {
    case "text":
      payload.text = text;
      break;
    case "image":
      payload.image = { url: mediaUrl(), caption: "The box as it arrived" };
      break;
    case "audio":
      payload.audio = { url: mediaUrl() };
      break;
    case "video":
      payload.video = { url: mediaUrl(), caption: "It rattles" };
      break;
    case "file":
      payload.file = { url: mediaUrl(), caption: "My receipt", name: "receipt.pdf" };
      break;
    case "sticker":
      payload.sticker = { url: mediaUrl() };
      break;
    case "vcard":
      payload.vcard = { url: mediaUrl(), name: "contact.vcf" };
      break;
    case "content":
      payload.content = [
        { type: "image", url: mediaUrl(), caption: "Front" },
        { type: "image", url: mediaUrl(), caption: "Back" },
        { type: "video", url: mediaUrl() },
      ];
      break;
    case "location":
      payload.location = { lat: 51.5072, long: -0.1276, name: "Depot", address: "1 Example Street, London" };
      break;
    case "contact":
      payload.contact = { name: { formatted_name: "Sam Example", first_name: "Sam" }, phones: [{ phone: "+447700900555", type: "CELL" }] };
      break;
    case "reply":
      payload.reply = { id: "opt-refund", title: "I'd like a refund", description: "Money back to my card" };
      break;
    case "button":
      payload.button = { payload: "TRACK_ORDER", text: "Track my order", subtype: "quick_reply" };
      break;
    case "order":
      payload.order = {
        catalog_id: "catalog-1",
        product_items: [{ product_retailer_id: "sku-42", quantity: 2, item_price: 19.99, currency: "GBP" }],
      };
      break;
    case "reaction":
      payload.reaction = { action: "react", emoji: "👍" };
      break;
    case "unsupported":
      break;
    default:
      payload[options.messageType] = { note: "a type CareDesk does not know yet", url: mediaUrl() };
  }
  if (options.channel === "whatsapp") {
    payload.profile = { name: options.profileName ?? "Alex Customer" };
    if (options.replyTo) payload.context = { message_uuid: options.replyTo, message_from: payload.to };
  }
  if (options.channel === "sms") {
    payload.sms = { num_messages: "1", keyword: "HI" };
    payload.usage = { price: "0.0057", currency: "EUR" };
  }
  payload._self = { href: `https://api-eu.vonage.com/v1/messages/${String(payload.message_uuid)}` };
  return payload;
}

export type StatusOptions = {
  messageUuid: string;
  status: string;
  channel?: string;
  timestamp?: Date;
  withError?: boolean;
};

export function buildStatusPayload(options: StatusOptions): Record<string, unknown> {
  const channel = options.channel ?? "whatsapp";
  const addresses = ADDRESSES[channel] ?? { customer: "447700900999", business: "447700900998" };
  const payload: Record<string, unknown> = {
    message_uuid: options.messageUuid,
    to: addresses.customer,
    from: addresses.business,
    timestamp: (options.timestamp ?? new Date()).toISOString(),
    status: options.status,
    channel,
    usage: { currency: "EUR", price: "0.0333" },
  };
  if (options.withError || options.status === "rejected" || options.status === "undeliverable") {
    payload.error = {
      type: "https://developer.vonage.com/api-errors/messages#1300",
      title: 1300,
      detail: "Not part of the provider network",
      instance: randomUUID(),
    };
  }
  return payload;
}
