// Parses an inbound Messages API webhook (v1) into CareDesk's InboundMessage. Only the envelope
// every message has (uuid, addresses, channel, type, timestamp) is required: a body CareDesk does
// not recognise is stored as "unknown" or "malformed", never refused.
import { z } from "zod";
import { AppError } from "../errors";
import { MEDIA_KINDS, type InboundMessage, type MediaKind, type MediaPart, type MessageContent, type MessageExtras } from "../messages/message-content";
import { webhookTimestamp } from "./webhook-json";

// Phone numbers, page ids and sender names; the bound keeps an address indexable on PostgreSQL.
const address = z.union([z.string().min(1).max(256), z.number()]).transform(String);

const envelope = z.object({
  message_uuid: z.string().min(1).max(200),
  to: address,
  from: address,
  timestamp: webhookTimestamp,
  channel: z.string().min(1).max(50),
  message_type: z.string().min(1).max(50),
  client_ref: z.string().optional().catch(undefined),
  profile: z.object({ name: z.string() }).partial().optional().catch(undefined),
  context: z.object({ message_uuid: z.string() }).partial().optional().catch(undefined),
});

// The extras are read field by field, each dropped alone when it has an odd shape: a referral
// CareDesk cannot read never costs the message, nor the other extras.
const optionalText = z.union([z.string(), z.number()]).transform(String).optional().catch(undefined);
const referral = z
  .object({
    headline: optionalText,
    body: optionalText,
    source_type: optionalText,
    source_id: optionalText,
    source_url: optionalText,
    media_type: optionalText,
  })
  .transform((ad) => withoutUndefined({ headline: ad.headline, body: ad.body, sourceType: ad.source_type, sourceId: ad.source_id, sourceUrl: ad.source_url, mediaType: ad.media_type }));
const referredProduct = z
  .object({ catalog_id: optionalText, product_retailer_id: optionalText })
  .transform((product) => withoutUndefined({ catalogId: product.catalog_id, productId: product.product_retailer_id }));
const extrasEnvelope = z.object({
  // Vonage documents `whatsapp.referral`; the same object at the top level is read too.
  whatsapp: z.object({ referral: referral.optional().catch(undefined) }).optional().catch(undefined),
  referral: referral.optional().catch(undefined),
  context: z
    .object({ whatsapp_referred_product: referredProduct.optional().catch(undefined), referred_product: referredProduct.optional().catch(undefined) })
    .optional()
    .catch(undefined),
  profile: z.object({ username: optionalText }).optional().catch(undefined),
  sms: z.object({ keyword: optionalText }).optional().catch(undefined),
});

function withoutUndefined<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined && field !== "")) as T;
}

function isEmpty(value: object | undefined): boolean {
  return !value || Object.keys(value).length === 0;
}

function parseExtras(payload: unknown): MessageExtras {
  const parsed = extrasEnvelope.safeParse(payload);
  if (!parsed.success) return {};
  const { whatsapp, referral: topReferral, context, profile, sms } = parsed.data;
  const adReferral = whatsapp?.referral ?? topReferral;
  const product = context?.whatsapp_referred_product ?? context?.referred_product;
  return withoutUndefined({
    adReferral: isEmpty(adReferral) ? undefined : adReferral,
    referredProduct: isEmpty(product) ? undefined : product,
    username: profile?.username,
    smsKeyword: sms?.keyword,
  });
}

const mediaBody = z.object({ url: z.string().min(1), caption: z.string().optional(), name: z.string().optional() });
const numeric = z.union([z.number(), z.string().regex(/^-?\d+(\.\d+)?$/).transform(Number)]);

const contentParsers: Record<string, z.ZodType<MessageContent>> = {
  location: z
    .object({ lat: numeric, long: numeric, name: z.string().optional(), address: z.string().optional() })
    .transform((body) => ({ kind: "location" as const, ...body })),
  reply: z
    .object({ id: z.string(), title: z.string(), description: z.string().optional() })
    .transform((body) => ({ kind: "reply" as const, ...body })),
  button: z
    .object({ text: z.string(), payload: z.string().optional(), subtype: z.string().optional() })
    .transform((body) => ({ kind: "button" as const, ...body })),
  order: z
    .object({
      catalog_id: z.string().optional(),
      product_items: z
        .array(
          z.object({
            product_retailer_id: z.string().optional(),
            quantity: numeric.optional(),
            item_price: numeric.optional(),
            currency: z.string().optional(),
          }),
        )
        .default([]),
    })
    .transform((body) => ({
      kind: "order" as const,
      catalogId: body.catalog_id,
      items: body.product_items.map((item) => ({
        productId: item.product_retailer_id,
        quantity: item.quantity,
        price: item.item_price,
        currency: item.currency,
      })),
    })),
  reaction: z
    .object({ action: z.enum(["react", "unreact"]), emoji: z.string().optional() })
    .transform((body) => ({ kind: "reaction" as const, ...body })),
  contact: z
    .record(z.string(), z.unknown())
    .transform((raw): MessageContent =>
      isStorableJson(raw) ? { kind: "contact", ...describeContact(raw), raw } : { kind: "malformed", messageType: "contact", problem: "contact: nested too deeply to store" },
    ),
};

/** The card is kept as JSON: one nested too deeply overflows the stack when it is serialised. */
function isStorableJson(value: unknown): boolean {
  try {
    JSON.stringify(value);
    return true;
  } catch {
    return false;
  }
}

/** WhatsApp contacts come as a vCard-like object; pull out what an agent needs to read. */
function describeContact(raw: Record<string, unknown>): { name?: string; phones: string[] } {
  const name = raw.name as { formatted_name?: unknown; first_name?: unknown } | string | undefined;
  const formatted =
    typeof name === "string" ? name : typeof name?.formatted_name === "string" ? name.formatted_name : typeof name?.first_name === "string" ? name.first_name : undefined;
  const phones = Array.isArray(raw.phones)
    ? raw.phones.map((phone: { phone?: unknown } | string) => (typeof phone === "string" ? phone : String(phone?.phone ?? ""))).filter(Boolean)
    : [];
  return { name: formatted, phones };
}

function problemOf(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join(".") || "body"}: ${issue.message}` : "unexpected shape";
}

function isMediaKind(type: string): type is MediaKind {
  return (MEDIA_KINDS as readonly string[]).includes(type);
}

function parseMediaPart(kind: MediaKind, body: unknown): MediaPart | string {
  const parsed = mediaBody.safeParse(body);
  if (!parsed.success) return problemOf(parsed.error);
  return { kind, url: parsed.data.url, caption: parsed.data.caption, fileName: parsed.data.name };
}

/** MMS `content`: several parts, each `{type, url, caption}` (a text part carries `text`). */
function parseMultipart(parts: unknown): { media: MediaPart[]; texts: string[]; problem?: string } {
  if (!Array.isArray(parts)) return { media: [], texts: [], problem: "content: expected a list of parts" };
  const media: MediaPart[] = [];
  const texts: string[] = [];
  for (const part of parts as { type?: unknown; url?: unknown; caption?: unknown; text?: unknown; name?: unknown }[]) {
    const type = typeof part?.type === "string" ? part.type : "";
    if (type === "text" && typeof part.text === "string") texts.push(part.text);
    else if (isMediaKind(type) && typeof part.url === "string") {
      media.push({ kind: type, url: part.url, caption: typeof part.caption === "string" ? part.caption : undefined, fileName: typeof part.name === "string" ? part.name : undefined });
    } else if (typeof part?.url === "string") {
      // A part of a type CareDesk does not know: keep the file, as a generic one.
      media.push({ kind: "file", url: part.url, caption: typeof part.caption === "string" ? part.caption : undefined, fileName: typeof part.name === "string" ? part.name : undefined });
    }
  }
  return { media, texts };
}

export function parseInboundMessage(payload: unknown): InboundMessage {
  const parsed = envelope.safeParse(payload);
  if (!parsed.success) {
    throw new AppError("unprocessable", `Not an inbound Messages API webhook: ${problemOf(parsed.error)}.`);
  }
  const body = payload as Record<string, unknown>;
  const head = parsed.data;
  const message: InboundMessage = {
    messageUuid: head.message_uuid,
    channel: head.channel,
    messageType: head.message_type,
    from: head.from,
    to: head.to,
    sentAt: new Date(head.timestamp),
    text: null,
    content: null,
    media: [],
    profileName: head.profile?.name,
    replyToMessageUuid: head.context?.message_uuid,
    clientRef: head.client_ref,
    extras: parseExtras(payload),
  };
  const type = head.message_type;
  const malformed = (problem: string): MessageContent => ({ kind: "malformed", messageType: type, problem });

  if (type === "text" && Array.isArray(body.content)) {
    // An MMS text that came with pictures or cards in `content`: the files are kept with it.
    const { media, texts } = parseMultipart(body.content);
    message.media = media;
    const words = typeof body.text === "string" ? [body.text, ...texts.filter((text) => text !== body.text)] : texts;
    message.text = words.length ? words.join("\n") : null;
  } else if (type === "text") {
    if (typeof body.text === "string") message.text = body.text;
    else message.content = malformed("text: expected a string");
  } else if (isMediaKind(type) && Array.isArray(body.content)) {
    // An MMS whose `content` lists more parts than its main item: every part is kept, main first.
    const main = parseMediaPart(type, body[type]);
    const { media, texts } = parseMultipart(body.content);
    const mainPart = typeof main === "string" ? [] : [main];
    message.media = [...mainPart, ...media.filter((part) => !mainPart.some((first) => first.url === part.url))];
    message.text = texts.length ? texts.join("\n") : (message.media.find((part) => part.caption)?.caption ?? null);
    if (message.media.length === 0 && typeof main === "string") message.content = malformed(main);
  } else if (isMediaKind(type)) {
    const part = parseMediaPart(type, body[type]);
    if (typeof part === "string") message.content = malformed(part);
    else {
      message.media = [part];
      if (part.caption) message.text = part.caption;
    }
  } else if (type === "content") {
    const { media, texts, problem } = parseMultipart(body.content);
    message.media = media;
    message.text = texts.length ? texts.join("\n") : (media.find((part) => part.caption)?.caption ?? null);
    if (problem) message.content = malformed(problem);
  } else if (type === "unsupported") {
    message.content = { kind: "unsupported" };
  } else if (contentParsers[type]) {
    const content = contentParsers[type].safeParse(body[type]);
    message.content = content.success ? content.data : malformed(problemOf(content.error));
    if (content.success && content.data.kind === "reply") message.text = content.data.title;
    if (content.success && content.data.kind === "button") message.text = content.data.text;
  } else {
    message.content = { kind: "unknown", channel: head.channel, messageType: type };
    if (typeof body.text === "string") message.text = body.text;
  }
  return message;
}
