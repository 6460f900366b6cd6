// Part of the local Vonage stand-in: the rules the Messages API applies to the body of a send
// request (POST /v1/messages) before it answers 202, as Vonage's API specification and SDKs state
// them. Every broken rule is one `invalid_parameters` entry of the 422, named by its field's path.
import type { Channel } from "@/lib/messages/channels";

export type InvalidParameter = { name: string; reason: string };

export const MESSAGE_TYPES_BY_CHANNEL = {
  sms: ["text"],
  mms: ["image", "vcard", "audio", "video", "text"],
  whatsapp: ["text", "image", "audio", "video", "file", "sticker", "template", "custom", "reaction"],
  messenger: ["text", "image", "audio", "video", "file"],
  viber_service: ["text", "image", "video", "file"],
  rcs: ["text", "image", "video", "file", "card", "custom"],
} as const satisfies Record<Channel, readonly string[]>;

const TEXT_LIMITS: Record<Channel, number> = { sms: 1000, mms: 1000, whatsapp: 4096, messenger: 640, viber_service: 1000, rcs: 3072 };

/** Message types whose content Vonage fetches from `<type>.url`. */
const URL_TYPES = new Set(["image", "audio", "video", "file", "vcard"]);

/** Channels whose recipient is an id (Messenger's page-scoped id) rather than a phone number. */
const ID_RECIPIENT_CHANNELS = new Set(["messenger"]);

const CLIENT_REF_MAX_LENGTH = 100;

type Body = Record<string, unknown>;
type Problems = InvalidParameter[];

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isKnownChannel(channel: unknown): channel is Channel {
  return typeof channel === "string" && Object.hasOwn(MESSAGE_TYPES_BY_CHANNEL, channel);
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === "string" && value.trim() !== "";
}

function isHttpUrl(value: unknown): boolean {
  if (typeof value !== "string") return false;
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:";
  } catch {
    return false;
  }
}

function checkAddresses(body: Body, channel: Channel, problems: Problems) {
  if (ID_RECIPIENT_CHANNELS.has(channel)) {
    if (!isNonEmptyString(body.to) || body.to.length > 50) problems.push({ name: "to", reason: "must be the recipient's id, 1 to 50 characters." });
  } else if (typeof body.to !== "string" || !/^[1-9]\d{6,14}$/.test(body.to)) {
    // E.164 without the leading + or 00, as Vonage's ToNumber (7 to 15 characters).
    problems.push({ name: "to", reason: "must be a phone number in E.164 format without a leading + or 00, 7 to 15 digits." });
  }
  if (!isNonEmptyString(body.from) || body.from.length > 50) problems.push({ name: "from", reason: "is required: the sender's number or id, 1 to 50 characters." });
}

function checkText(body: Body, channel: Channel, problems: Problems) {
  const limit = TEXT_LIMITS[channel];
  // Vonage counts characters, unicode included: code points, not UTF-16 units.
  if (!isNonEmptyString(body.text)) problems.push({ name: "text", reason: "is required and must not be empty." });
  else if ([...body.text].length > limit) problems.push({ name: "text", reason: `must be at most ${limit} characters on ${channel}.` });
}

function checkMedia(body: Body, messageType: string, problems: Problems) {
  const media = body[messageType];
  if (!isObject(media)) return void problems.push({ name: messageType, reason: "is required." });
  if (!isHttpUrl(media.url)) problems.push({ name: `${messageType}.url`, reason: "is required: an absolute http(s) URL Vonage can fetch." });
  if (media.caption !== undefined && typeof media.caption !== "string") problems.push({ name: `${messageType}.caption`, reason: "must be a string." });
  if (media.name !== undefined && typeof media.name !== "string") problems.push({ name: `${messageType}.name`, reason: "must be a string." });
}

function checkTemplate(body: Body, problems: Problems) {
  const template = isObject(body.template) ? body.template : {};
  const whatsapp = isObject(body.whatsapp) ? body.whatsapp : {};
  if (!isNonEmptyString(template.name)) problems.push({ name: "template.name", reason: "is required." });
  if (template.parameters !== undefined && !(Array.isArray(template.parameters) && template.parameters.every((item) => typeof item === "string"))) {
    problems.push({ name: "template.parameters", reason: "must be an array of strings." });
  }
  if (whatsapp.policy !== "deterministic") problems.push({ name: "whatsapp.policy", reason: "must be `deterministic`." });
  if (!isNonEmptyString(whatsapp.locale)) problems.push({ name: "whatsapp.locale", reason: "is required (BCP 47, e.g. en_US)." });
}

function checkMessageContent(body: Body, channel: Channel, messageType: string, problems: Problems) {
  if (messageType === "text") return checkText(body, channel, problems);
  if (URL_TYPES.has(messageType)) return checkMedia(body, messageType, problems);
  if (messageType === "template") return checkTemplate(body, problems);
  if (messageType === "sticker") {
    const sticker = isObject(body.sticker) ? body.sticker : {};
    if (!isHttpUrl(sticker.url) && !isNonEmptyString(sticker.id)) problems.push({ name: "sticker", reason: "needs a `url` or an `id`." });
    return;
  }
  if (messageType === "reaction") {
    const reaction = isObject(body.reaction) ? body.reaction : {};
    if (reaction.action !== "react" && reaction.action !== "unreact") problems.push({ name: "reaction.action", reason: "must be `react` or `unreact`." });
    if (reaction.action === "react" && !isNonEmptyString(reaction.emoji)) problems.push({ name: "reaction.emoji", reason: "is required to react." });
    if (!isObject(body.context)) problems.push({ name: "context.message_uuid", reason: "is required: the message reacted to." });
    return;
  }
  // custom, card: passed on to the provider as they are.
  if (!isObject(body[messageType])) problems.push({ name: messageType, reason: "is required." });
}

function checkContext(body: Body, channel: Channel, problems: Problems) {
  if (body.context === undefined) return;
  if (channel !== "whatsapp" && channel !== "viber_service") return void problems.push({ name: "context", reason: `is not supported on ${channel}.` });
  if (!isObject(body.context) || typeof body.context.message_uuid !== "string") {
    problems.push({ name: "context.message_uuid", reason: "must be the UUID of the message replied to, as a string." });
  }
}

function checkMessenger(body: Body, problems: Problems) {
  if (body.messenger === undefined) return;
  const messenger = isObject(body.messenger) ? body.messenger : {};
  // Vonage sends `response` when no category is given.
  const category = messenger.category ?? "response";
  if (category !== "response" && category !== "update" && category !== "message_tag") {
    problems.push({ name: "messenger.category", reason: "must be one of `response`, `update` or `message_tag`." });
  }
  if (category === "message_tag" && !isNonEmptyString(messenger.tag)) problems.push({ name: "messenger.tag", reason: "is required when the category is `message_tag`." });
}

function checkClientRef(body: Body, problems: Problems) {
  if (body.client_ref === undefined) return;
  if (typeof body.client_ref !== "string" || body.client_ref.length > CLIENT_REF_MAX_LENGTH) {
    problems.push({ name: "client_ref", reason: `must be a string of up to ${CLIENT_REF_MAX_LENGTH} characters.` });
  }
}

/** Every rule the body breaks; none when Vonage would accept it. */
export function findInvalidParameters(body: Body): InvalidParameter[] {
  const problems: Problems = [];
  const channel = body.channel;
  if (!isKnownChannel(channel)) {
    return [{ name: "channel", reason: `must be one of ${Object.keys(MESSAGE_TYPES_BY_CHANNEL).join(", ")}.` }];
  }
  checkAddresses(body, channel, problems);
  const messageType = body.message_type;
  const allowedTypes: readonly string[] = MESSAGE_TYPES_BY_CHANNEL[channel];
  if (typeof messageType !== "string" || !allowedTypes.includes(messageType)) {
    problems.push({ name: "message_type", reason: `must be one of ${allowedTypes.join(", ")} on ${channel}.` });
  } else {
    checkMessageContent(body, channel, messageType, problems);
  }
  checkContext(body, channel, problems);
  if (channel === "messenger") checkMessenger(body, problems);
  checkClientRef(body, problems);
  return problems;
}
