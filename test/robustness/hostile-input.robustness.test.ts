// Hostile input: malformed, truncated, deeply nested, huge and wrongly typed webhooks, forged
// signatures, and path tricks on the media route. Forged, unsigned, oversized and non-JSON
// requests get the right 4xx (Vonage does not retry those); signed JSON of any shape is kept and
// answered 200; poison payloads never answer 5xx (Vonage would retry them for 24 hours); nothing
// is fetched from Vonage, and the server stays healthy.
import { createHmac, generateKeyPairSync, randomUUID } from "node:crypto";
import http from "node:http";
import jwt from "jsonwebtoken";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMediaStack, type MediaStack } from "@/test/support/media-stack";
import { postgresServerUrl, testedProviders } from "@/test/support/providers";
import { sha256Hex } from "@/lib/vonage/verify-webhook-signature";
import { buildInboundPayload, buildStatusPayload } from "@/test/vonage-fake/build-payloads";
import { signWebhook } from "@/test/vonage-fake/sign-webhook";

const MiB = 1024 * 1024;
const DEPTH = 10_000;

type Case = { name: string; kind?: "inbound" | "status"; body: string; authorization?: (body: string, secret: string) => string | undefined; status: number };

const base64url = (value: object | string) => Buffer.from(typeof value === "string" ? value : JSON.stringify(value)).toString("base64url");
const claimsFor = (body: string, overrides: Record<string, unknown> = {}) => ({
  iat: Math.floor(Date.now() / 1000),
  jti: randomUUID(),
  iss: "Vonage",
  api_key: "",
  payload_hash: sha256Hex(new TextEncoder().encode(body)),
  ...overrides,
});
const inbound = (overrides: Record<string, unknown> = {}) => JSON.stringify({ ...buildInboundPayload({ channel: "whatsapp", messageType: "text" }), ...overrides });
const withoutField = (field: string) => {
  const payload = buildInboundPayload({ channel: "sms", messageType: "text" });
  delete payload[field];
  return JSON.stringify(payload);
};
const nested = (open: string, close: string, depth = DEPTH) => `${open.repeat(depth)}${close.repeat(depth)}`;
const attackerKey = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;

const forgedSignatures: Case[] = [
  { name: "no Authorization header", body: inbound(), authorization: () => undefined, status: 401 },
  { name: "Basic credentials", body: inbound(), authorization: () => "Basic dm9uYWdlOnNlY3JldA==", status: 401 },
  { name: "a token that is not a JWT", body: inbound(), authorization: () => "Bearer not.a.jwt", status: 401 },
  { name: "alg none", body: inbound(), authorization: (body) => `Bearer ${base64url({ alg: "none", typ: "JWT" })}.${base64url(claimsFor(body))}.`, status: 401 },
  {
    name: "RS256 in the header, HMAC of the secret as signature (algorithm confusion)",
    body: inbound(),
    authorization: (body, secret) => {
      const signingInput = `${base64url({ alg: "RS256", typ: "JWT" })}.${base64url(claimsFor(body))}`;
      return `Bearer ${signingInput}.${createHmac("sha256", secret).update(signingInput).digest("base64url")}`;
    },
    status: 401,
  },
  { name: "RS256 with an attacker's key", body: inbound(), authorization: (body) => `Bearer ${jwt.sign(claimsFor(body), attackerKey, { algorithm: "RS256" })}`, status: 401 },
  { name: "HS512 with the right secret", body: inbound(), authorization: (body, secret) => `Bearer ${jwt.sign(claimsFor(body), secret, { algorithm: "HS512" })}`, status: 401 },
  { name: "the wrong secret", body: inbound(), authorization: (body) => `Bearer ${jwt.sign(claimsFor(body), "not-the-secret", { algorithm: "HS256" })}`, status: 401 },
  { name: "a tampered body", body: inbound(), authorization: (_, secret) => `Bearer ${signWebhook(inbound(), { signatureSecret: secret, apiKey: "" })}`, status: 401 },
  { name: "no payload_hash", body: inbound(), authorization: (body, secret) => `Bearer ${jwt.sign(claimsFor(body, { payload_hash: undefined }), secret, { algorithm: "HS256" })}`, status: 401 },
  { name: "an iat a day ahead", body: inbound(), authorization: (body, secret) => `Bearer ${jwt.sign(claimsFor(body, { iat: Math.floor(Date.now() / 1000) + 86_400 }), secret, { algorithm: "HS256" })}`, status: 401 },
];

// Signed, so refused only when it is not JSON at all, too large, or Messages API v0.1.
const refused: Case[] = [
  { name: "an empty body", body: "", status: 400 },
  { name: "not JSON", body: "message_uuid=1&text=hi", status: 400 },
  { name: "truncated JSON", body: inbound().slice(0, 60), status: 400 },
  { name: "a Messages API v0.1 body", body: inbound({ from: { type: "whatsapp", number: "447700900001" }, message: { content: { type: "text", text: "hi" } } }), status: 422 },
  { name: "a body over 1 MiB", body: inbound({ text: "x".repeat(MiB) }), status: 413 },
];

// Signed JSON of a shape CareDesk cannot read: kept (an unreadable message, or a flagged status
// event) and answered 200, so nothing Vonage delivered is lost.
const unreadable: Omit<Case, "status">[] = [
  { name: "JSON null", body: "null" },
  { name: "a JSON string", body: '"hello"' },
  { name: "a JSON array", body: "[]" },
  { name: `arrays nested ${DEPTH} deep`, body: nested("[", "]") },
  { name: `objects nested ${DEPTH} deep`, body: `${'{"a":'.repeat(DEPTH)}1${"}".repeat(DEPTH)}` },
  { name: "a numeric message_uuid", body: inbound({ message_uuid: 12345 }) },
  { name: "an empty message_uuid", body: inbound({ message_uuid: "" }) },
  { name: "a 10,000-character message_uuid", body: inbound({ message_uuid: "u".repeat(10_000) }) },
  { name: "a timestamp that is not a date", body: inbound({ timestamp: "yesterday" }) },
  { name: "a timestamp before PostgreSQL's earliest", body: inbound({ timestamp: "-271821-04-20T00:00:00.000Z" }) },
  { name: "a timestamp in year 275760", body: inbound({ timestamp: "+275760-09-13T00:00:00.000Z" }) },
  { name: "a numeric timestamp", body: inbound({ timestamp: 1_700_000_000 }) },
  { name: "a channel that is a list", body: inbound({ channel: ["whatsapp"] }) },
  { name: "a 'to' that is an object", body: inbound({ to: { number: "447700900200" } }) },
  { name: "a 500,000-character recipient", body: inbound({ to: "9".repeat(500_000) }) },
  { name: "a status update with a 500,000-character sender", kind: "status", body: JSON.stringify({ ...buildStatusPayload({ messageUuid: randomUUID(), status: "read" }), from: "9".repeat(500_000) }) },
  { name: "no message_type", body: withoutField("message_type") },
  { name: "no from", body: withoutField("from") },
  { name: "a status update with a numeric status", kind: "status", body: JSON.stringify({ ...buildStatusPayload({ messageUuid: randomUUID(), status: "read" }), status: 3 }) },
  { name: "a status update without message_uuid", kind: "status", body: JSON.stringify({ ...buildStatusPayload({ messageUuid: randomUUID(), status: "read" }), message_uuid: null }) },
  { name: "an inbound message posted as a status update", kind: "status", body: inbound() },
];
const unreadableInbound = unreadable.filter((item) => (item.kind ?? "inbound") === "inbound");

const POISON_DEPTH = 200_000;
/** An object nested 200,000 deep, in under 1 MiB (empty keys): serialising it overflows the stack. */
const deepObject = `${'{"":'.repeat(POISON_DEPTH)}1${"}".repeat(POISON_DEPTH)}`;
/** A WhatsApp contact message whose card is this JSON text, as sent. */
const whatsappContact = (card: string) =>
  JSON.stringify({ ...buildInboundPayload({ channel: "whatsapp", messageType: "contact" }), contact: "CARD" }).replace('"CARD"', () => card);

describe.each(testedProviders)("hostile input on %s", (provider) => {
  let stack: MediaStack;
  const storedCounts = () =>
    Promise.all([stack.db.message.count(), stack.db.mediaItem.count(), stack.db.contact.count(), stack.db.conversation.count(), stack.db.statusEvent.count()]);
  let countsBefore: number[];
  let upstreamRequestsBefore: number;

  beforeAll(async () => {
    stack = await startMediaStack({ provider, postgresServerUrl });
    countsBefore = await storedCounts();
    upstreamRequestsBefore = stack.vonage.stats.requests;
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const post = (kind: "inbound" | "status", body: string | ReadableStream<Uint8Array>, authorization: string | undefined) =>
    fetch(`${stack.server.baseUrl}/api/webhooks/${kind}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(authorization ? { authorization } : {}) },
      body,
      duplex: "half",
    } as RequestInit);

  it.each([...forgedSignatures, ...refused])("answers $status to $name", async ({ kind, body, authorization, status }) => {
    const header = authorization ? authorization(body, stack.signatureSecret) : `Bearer ${signWebhook(body, { signatureSecret: stack.signatureSecret, apiKey: "" })}`;
    const response = await post(kind ?? "inbound", body, header);
    expect(response.status).toBe(status);
    const answer = (await response.json()) as { error?: { code: string; message: string } };
    expect(answer.error?.message).toEqual(expect.any(String));
    expect(JSON.stringify(answer)).not.toContain(stack.signatureSecret);
  });

  it("answers 413 to a chunked body once it passes 1 MiB, without waiting for its end", async () => {
    // Its own connection, dropped afterwards. The body is never ended: the answer has to come
    // from the size limit, not from the end of the body.
    const request = http.request({ host: "127.0.0.1", port: stack.server.port, path: "/api/webhooks/inbound", method: "POST", agent: false, headers: { "content-type": "application/json" } });
    const answered = new Promise<number>((resolve, reject) => {
      request.on("response", (response) => resolve(response.resume().statusCode!));
      request.on("error", reject);
    });
    for (let sent = 0; sent <= MiB; sent += 64 * 1024) request.write(Buffer.alloc(64 * 1024, 0x20));
    expect(await answered).toBe(413);
    request.destroy();
  });

  /** Raw request paths: fetch() would normalise dot segments before sending them. */
  const getRaw = (path: string, headers: Record<string, string> = { cookie: stack.agentCookie }) =>
    new Promise<number>((resolve, reject) => {
      http.get({ host: "127.0.0.1", port: stack.server.port, path, headers }, (response) => resolve(response.resume().statusCode!)).on("error", reject);
    });

  it.each([
    ["an encoded traversal", "/api/media/..%2f..", 404],
    ["an encoded traversal to another route", "/api/media/..%2F..%2Fapi%2Fhealth", 404],
    ["a double-encoded traversal", "/api/media/%252e%252e%252f%252e%252e", 404],
    ["an encoded Vonage URL", `/api/media/${encodeURIComponent(`https://api.nexmo.com/v3/media/${randomUUID()}`)}`, 404],
    ["an internal address", `/api/media/${encodeURIComponent("http://169.254.169.254/latest/meta-data/")}`, 404],
    ["a 4,000-character id", `/api/media/${"a".repeat(4_000)}`, 404],
    ["an emoji", "/api/media/%F0%9F%98%80", 404],
    ["full-width letters", `/api/media/${encodeURIComponent("ｃｍａｂｃｄｅｆｇｈｉｊ")}`, 404],
    ["a NUL byte", "/api/media/cmabcdefgh%00ij", 404],
    ["upper case", "/api/media/CMABCDEFGHIJKL", 404],
    ["a well-formed id nobody stored", "/api/media/cmabcdefghijklmnopqrstuvw", 404],
  ])("answers the media route's %s (%s) with %i, fetching nothing", async (_, path, status) => {
    expect(await getRaw(path)).toBe(status);
  });

  it("redirects encoded dot segments to the normalised path, never serving them as an id", async () => {
    const response = await new Promise<http.IncomingMessage>((resolve, reject) =>
      http.get({ host: "127.0.0.1", port: stack.server.port, path: "/api/media/%2e%2e", headers: { cookie: stack.agentCookie } }, resolve).on("error", reject),
    );
    response.resume();
    expect(response.statusCode).toBe(308);
    expect(response.headers.location).toBe("/api");
  });

  it("answers 401 to a signed-out media request, whatever the id", async () => {
    expect(await getRaw("/api/media/..%2f..", {})).toBe(401);
    expect(await getRaw("/api/media/cmabcdefghijklmnopqrstuvw", {})).toBe(401);
  });

  it.each(unreadable)("keeps $name, answering 200", async ({ kind, body }) => {
    const response = await post(kind ?? "inbound", body, `Bearer ${signWebhook(body, { signatureSecret: stack.signatureSecret, apiKey: "" })}`);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { status: string }).status).toBe("unreadable");
  });

  it("stored only the unreadable messages, fetched nothing from Vonage, logged each refused and unreadable webhook, and is still healthy", async () => {
    const [messages, mediaItems, , , statusEvents] = await storedCounts();
    const [messagesBefore, mediaItemsBefore, , , statusEventsBefore] = countsBefore;
    // Each unreadable message, in a conversation of its own sender's (or an unknown sender's); no media, no status.
    expect(messages).toBe(messagesBefore! + unreadableInbound.length);
    expect([mediaItems, statusEvents]).toEqual([mediaItemsBefore, statusEventsBefore]);
    expect(stack.vonage.stats.requests).toBe(upstreamRequestsBefore);
    const rejected = await stack.db.webhookEvent.count({ where: { outcome: "rejected" } });
    expect(rejected).toBe(forgedSignatures.length + refused.length + 1);
    expect(await stack.db.webhookEvent.count({ where: { outcome: "unreadable" } })).toBe(unreadable.length);
    expect((await fetch(`${stack.server.baseUrl}/api/health`)).status).toBe(200);
    expect(stack.server.process.exitCode).toBeNull();
  });

  // Odd but genuine messages must be stored (200): a 503 here would make Vonage retry for 24 hours.
  it.each([
    ["a NUL character in the text and sender", inbound({ text: "a\u0000b", from: "4477\u0000009" }), "a\uFFFDb"],
    ["a lone surrogate", inbound({ text: "\ud800x" }), expect.stringMatching(/^\uFFFD+x$/)],
    [`an unknown field nested ${DEPTH} deep`, inbound().replace(/}$/, `,"extra":${'{"a":'.repeat(DEPTH)}1${"}".repeat(DEPTH)}}`), "Hi, my parcel arrived damaged. Can you help?"],
  ])("stores a message with %s", async (_, body, text) => {
    const response = await post("inbound", body, `Bearer ${signWebhook(body, { signatureSecret: stack.signatureSecret, apiKey: "" })}`);
    expect(response.status).toBe(200);
    const { messageUuid } = (await response.json()) as { messageUuid: string };
    const stored = await stack.db.message.findUniqueOrThrow({ where: { messageUuid } });
    // A lone surrogate cannot be UTF-8: each driver stores it as U+FFFD (one or several).
    expect(stored.text).toEqual(text);
  });

  // Poison payloads: signed, and once answered 500 on every one of Vonage's retries for 24 hours.
  describe("poison payloads", () => {
    const send = async (kind: "inbound" | "status", body: string) => {
      const response = await post(kind, body, `Bearer ${signWebhook(body, { signatureSecret: stack.signatureSecret, apiKey: "" })}`);
      return { status: response.status, answer: (await response.json()) as { status?: string; messageUuid?: string } };
    };

    it(`keeps a WhatsApp contact card nested ${POISON_DEPTH} deep as an unreadable card, answering 200 (and 200 again when redelivered)`, async () => {
      const body = whatsappContact(deepObject);
      const first = await send("inbound", body);
      expect(first.status).toBe(200);
      expect((await send("inbound", body)).answer.status).toBe("duplicate");
      const stored = await stack.db.message.findUniqueOrThrow({ where: { messageUuid: first.answer.messageUuid! } });
      expect(stored.content).toEqual({ kind: "malformed", messageType: "contact", problem: "contact: nested too deeply to store" });
      expect(stored.rawPayload).toBe(body);
    });

    it(`keeps a body that is one object nested ${POISON_DEPTH} deep, with a NUL in a key, as an unreadable message`, async () => {
      const body = deepObject.replace('{"":1}', '{"\\u0000":1}');
      const { status, answer } = await send("inbound", body);
      expect(status).toBe(200);
      expect(answer.status).toBe("unreadable");
      expect((await stack.db.message.findUniqueOrThrow({ where: { messageUuid: answer.messageUuid! } })).rawPayload).toBe(body);
    });

    it("keeps a contact card with a NUL inside an object key, with the NUL replaced", async () => {
      const body = whatsappContact('{"name":{"formatted_name":"Ana"},"x\\u0000y":{"\\u0000":"z"}}');
      const { status, answer } = await send("inbound", body);
      expect(status).toBe(200);
      expect(answer.status).toBe("stored");
      const stored = await stack.db.message.findUniqueOrThrow({ where: { messageUuid: answer.messageUuid! } });
      expect(stored.content).toMatchObject({ kind: "contact", name: "Ana", raw: { "x\uFFFDy": { "\uFFFD": "z" } } });
      expect(stored.rawPayload).toBe(body);
    });

    it(`keeps a status update with an error object nested ${POISON_DEPTH} deep and a NUL in a key`, async () => {
      const payload = buildStatusPayload({ messageUuid: randomUUID(), status: "rejected" });
      const body = JSON.stringify(payload).replace(/}$/, `,"x\\u0000":1,"extra":${deepObject}}`);
      const { status } = await send("status", body);
      expect(status).toBe(200);
      expect(await stack.db.statusEvent.count({ where: { messageUuid: String(payload.message_uuid) } })).toBe(1);
    });
  });
});
