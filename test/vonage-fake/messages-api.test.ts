import { createHash, randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { MessengerCategory, Messages } from "@vonage/messages";
import jwt from "jsonwebtoken";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { verifyWebhookSignature } from "@/lib/vonage/verify-webhook-signature";
import { createFakeApplication, type FakeApplication } from "./application-keys";
import { startMessagesApiStandIn, type MessagesApiOptions, type MessagesApiStandIn } from "./messages-api";

// The stand-in is driven by the official client, as CareDesk will drive Vonage, and its status
// webhooks are checked by CareDesk's own signature verifier.

const SIGNATURE_SECRET = "stand-in-test-secret";
const API_KEY = "caredesk-test";
const CUSTOMER = "447700900002";
const BUSINESS = "447700900200";
const MESSENGER_CUSTOMER = "4412345678901234";
const MESSENGER_PAGE = "1098765432109876";
const HOUR_MS = 3600 * 1000;
const TEMPLATE = { template: { name: "order_update", parameters: ["A123"] }, whatsapp: { policy: "deterministic" as const, locale: "en_GB" } };
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(3000, 7)]);

type Receiver = { baseUrl: string; statuses: Record<string, unknown>[]; close(): Promise<void> };
type MediaOrigin = { origin: string; requestedPaths: string[]; close(): Promise<void> };

async function readAll(request: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function listen(server: http.Server): Promise<{ origin: string; close(): Promise<void> }> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** CareDesk's status endpoint in miniature: keeps the statuses whose signature CareDesk's verifier accepts, 401 for others. */
async function startStatusReceiver(): Promise<Receiver> {
  const statuses: Record<string, unknown>[] = [];
  const server = http.createServer(async (request, response) => {
    const body = await readAll(request);
    try {
      verifyWebhookSignature({ authorization: request.headers.authorization ?? null, body, signatureSecret: SIGNATURE_SECRET, apiKey: API_KEY });
    } catch {
      return void response.writeHead(401).end();
    }
    if (request.url !== "/api/webhooks/status") return void response.writeHead(404).end();
    statuses.push(JSON.parse(body.toString("utf8")) as Record<string, unknown>);
    response.writeHead(200).end();
  });
  const { origin, close } = await listen(server);
  return { baseUrl: origin, statuses, close };
}

/** Where a reply's media lives: a photo, a PDF, a redirect, an HTML page and a missing file. */
async function startMediaOrigin(): Promise<MediaOrigin> {
  const requestedPaths: string[] = [];
  const server = http.createServer((request, response) => {
    requestedPaths.push(request.url ?? "");
    if (request.url === "/photo.jpg") return void response.writeHead(200, { "content-type": "image/jpeg" }).end(JPEG);
    if (request.url === "/receipt.pdf") return void response.writeHead(200, { "content-type": "application/pdf" }).end("%PDF-1.7");
    if (request.url === "/moved.jpg") return void response.writeHead(302, { location: "/redirect-target.jpg" }).end();
    if (request.url === "/page.html") return void response.writeHead(200, { "content-type": "text/html" }).end("<p>Not a photo</p>");
    response.writeHead(404).end();
  });
  const { origin, close } = await listen(server);
  return { origin, requestedPaths, close };
}

let application: FakeApplication | undefined;
let receiver: Receiver;
let mediaOrigin: MediaOrigin;
let standIn: MessagesApiStandIn | undefined;

beforeAll(async () => {
  application = createFakeApplication();
  receiver = await startStatusReceiver();
  mediaOrigin = await startMediaOrigin();
});
afterEach(async () => {
  // Every status posted must have reached the receiver and passed CareDesk's signature check.
  const webhookFailures = standIn?.webhookFailures ?? [];
  await standIn?.close();
  standIn = undefined;
  expect(webhookFailures).toEqual([]);
});
afterAll(async () => {
  await receiver?.close();
  await mediaOrigin?.close();
  await application?.remove();
});

function app(): FakeApplication {
  if (!application) throw new Error("The fake application was not created.");
  return application;
}

async function startStandIn(options: Partial<MessagesApiOptions> = {}): Promise<MessagesApiStandIn> {
  standIn = await startMessagesApiStandIn({
    applicationId: app().applicationId,
    publicKeyPem: app().publicKeyPem,
    statusWebhook: { baseUrl: receiver.baseUrl, signatureSecret: SIGNATURE_SECRET, apiKey: API_KEY },
    statusDelayMs: 5,
    ...options,
  });
  return standIn;
}

function client(api: MessagesApiStandIn, options: { privateKey?: string; timeout?: number } = {}): Messages {
  return new Messages({ applicationId: app().applicationId, privateKey: options.privateKey ?? app().privateKeyPem }, { apiHost: api.url, timeout: options.timeout });
}

function whatsAppText(text: string, clientRef?: string) {
  return { channel: "whatsapp", messageType: "text", to: CUSTOMER, from: BUSINESS, text, ...(clientRef ? { clientRef } : {}) };
}

/** The same, as it goes on the wire: for requests the client would not send. */
function whatsAppBody(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return { channel: "whatsapp", message_type: "text", to: CUSTOMER, from: BUSINESS, text: "Hello", ...fields };
}

/** What the official client throws on a non-2xx answer (see the first 401 test). */
type ClientError = Error & { response: Response; config: { headers: Record<string, string> } };

async function sendFailure(sending: Promise<unknown>): Promise<ClientError> {
  const outcome = await sending.then(
    () => undefined,
    (error: unknown) => error as ClientError,
  );
  if (!outcome) throw new Error("The send was accepted; a refusal was expected.");
  return outcome;
}

/** A token as the client makes it, with claims replaced or removed. */
function token(claims: Record<string, unknown> = {}, omit: string[] = []): string {
  const now = Math.floor(Date.now() / 1000);
  const all: Record<string, unknown> = { application_id: app().applicationId, iat: now, exp: now + 900, jti: randomUUID(), ...claims };
  for (const name of omit) delete all[name];
  // jsonwebtoken adds an iat unless told not to.
  return jwt.sign(all, app().privateKeyPem, { algorithm: "RS256", noTimestamp: !("iat" in all) });
}

/** A raw request; `authorization: null` sends none. */
function post(api: MessagesApiStandIn, body: unknown, authorization: string | null = `Bearer ${token()}`, path = "/v1/messages") {
  return fetch(`${api.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(authorization ? { authorization } : {}) },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

function statusesOf(messageUuid: string): Record<string, unknown>[] {
  return receiver.statuses.filter((status) => status.message_uuid === messageUuid);
}

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("Messages API stand-in: accepted messages and their statuses", () => {
  it.each([
    ["whatsapp", ["submitted", "delivered", "read"], CUSTOMER, BUSINESS],
    ["messenger", ["submitted", "delivered", "read"], MESSENGER_CUSTOMER, MESSENGER_PAGE],
    ["sms", ["submitted", "delivered"], CUSTOMER, BUSINESS],
  ])("accepts a %s text from the official client (202, message_uuid), then posts %j signed, carrying client_ref", async (channel, expected, to, from) => {
    const api = await startStandIn();
    const clientRef = `reply-${randomUUID()}`;
    const { messageUUID } = await client(api).send({ channel, messageType: "text", to, from, text: "Your refund is on its way.", clientRef });

    expect(messageUUID).toMatch(UUID_V4);
    expect(api.accepted).toEqual([
      expect.objectContaining({
        messageUuid: messageUUID,
        clientRef,
        body: expect.objectContaining({ channel, message_type: "text", to, from, text: "Your refund is on its way.", client_ref: clientRef }),
      }),
    ]);
    await api.settled();
    const statuses = statusesOf(messageUUID);
    expect(statuses.map((status) => status.status)).toEqual(expected);
    for (const status of statuses) {
      expect(status).toMatchObject({ to, from, channel, client_ref: clientRef, usage: { currency: "EUR", price: "0.0050" } });
      expect(Number.isNaN(Date.parse(String(status.timestamp)))).toBe(false);
      expect(status).not.toHaveProperty("error");
    }
  });

  it("posts no status without a status webhook, and close() ends the waits before statuses at once", async () => {
    const quiet = await startStandIn({ statusWebhook: undefined });
    const { messageUUID: unheard } = await client(quiet).send(whatsAppText("No webhook configured"));
    await quiet.settled();
    await quiet.close();

    // A status minute away: close() must not wait for it, and it must never come.
    const slow = await startStandIn({ statusDelayMs: 60_000 });
    const { messageUUID: cut } = await client(slow).send(whatsAppText("Closed before its statuses"));
    const closedAt = Date.now();
    await slow.close();
    await slow.settled();
    expect(Date.now() - closedAt).toBeLessThan(1000);
    expect([...statusesOf(unheard), ...statusesOf(cut)]).toEqual([]);
  });
});

describe("Messages API stand-in: credentials", () => {
  it("401 problem+json for a JWT signed with another application's key", async () => {
    const api = await startStandIn();
    const other = createFakeApplication();
    try {
      const error = await sendFailure(client(api, { privateKey: other.privateKeyPem }).send(whatsAppText("Hello")));
      // What CareDesk's sender sees on any non-2xx: @vonage/messages 1.27.1 throws an Error
      // ("Request failed with status code 401", a VetchError) whose `response` is the raw fetch
      // Response, body unread: read `response.status`, `response.headers.get("retry-after")` and
      // `await response.json()` (problem+json) from it. Its `config` is the request sent, JWT
      // included (`config.headers.Authorization`): never log the error as a whole.
      expect(error.message).toBe("Request failed with status code 401");
      expect(error.config.headers.Authorization).toMatch(/^Bearer /);
      expect(error.response.status).toBe(401);
      expect(error.response.headers.get("content-type")).toBe("application/problem+json");
      expect(await error.response.json()).toEqual({
        type: "https://developer.nexmo.com/api-errors/#unauthorized",
        title: "Unauthorized",
        detail: "Invalid token",
        instance: expect.stringMatching(UUID_V4),
      });
      expect(api.accepted).toEqual([]);
      expect(api.stats.requests).toBe(1);
    } finally {
      await other.remove();
    }
  });

  it("401 jwt-expired for an expired JWT", async () => {
    const api = await startStandIn();
    const now = Math.floor(Date.now() / 1000);
    const response = await post(api, whatsAppBody(), `Bearer ${token({ iat: now - 1000, exp: now - 100 })}`);
    expect(response.status).toBe(401);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(await response.json()).toMatchObject({ title: "Unauthorized", detail: "jwt-expired" });
    expect(api.accepted).toEqual([]);
  });

  it.each([
    ["a valid token", 202, () => `Bearer ${token()}`, undefined],
    ["no Authorization header", 401, () => null, "Missing Authorization header: send `Authorization: Bearer <JWT>`."],
    ["Basic authentication", 401, () => `Basic ${Buffer.from("key:secret").toString("base64")}`, "Basic authentication is refused here: CareDesk must send the application's JWT."],
    ["a token that is not a JWT", 401, () => "Bearer not-a-token", "Invalid token"],
    ["an HS256 token keyed with the public key", 401, () => `Bearer ${jwt.sign({ application_id: app().applicationId, jti: "x" }, app().publicKeyPem, { algorithm: "HS256" })}`, "Invalid token"],
    ["another application_id", 401, () => `Bearer ${token({ application_id: randomUUID() })}`, "Invalid token: its application_id is not this application's."],
    ["no iat", 401, () => `Bearer ${token({}, ["iat"])}`, "Invalid token: no iat claim."],
    ["an iat a minute ahead", 401, () => `Bearer ${token({ iat: Math.floor(Date.now() / 1000) + 60 })}`, "Invalid token: iat is in the future."],
    ["an iat 20 s ahead (clock skew)", 202, () => `Bearer ${token({ iat: Math.floor(Date.now() / 1000) + 20 })}`, undefined],
    ["no exp", 401, () => `Bearer ${token({}, ["exp"])}`, "Invalid token: no exp claim."],
    ["a lifetime over 24 hours", 401, () => `Bearer ${token({ exp: Math.floor(Date.now() / 1000) + 25 * 3600 })}`, "Invalid token: it lives longer than 24 hours (exp - iat)."],
    ["no jti", 401, () => `Bearer ${token({}, ["jti"])}`, "Invalid token: no jti claim."],
  ])("%s → %i", async (_, status, authorization, detail) => {
    const api = await startStandIn();
    const response = await post(api, whatsAppBody(), authorization());
    expect(response.status).toBe(status);
    const body = await response.json();
    if (detail) expect(body).toMatchObject({ title: "Unauthorized", detail });
    else expect(body).toEqual({ message_uuid: expect.stringMatching(UUID_V4) });
  });
});

describe("Messages API stand-in: message rules (422)", () => {
  it("422 naming `text` for a 5000-character WhatsApp text; 4096 characters (emoji counted once) pass", async () => {
    const api = await startStandIn();
    const error = await sendFailure(client(api).send(whatsAppText("a".repeat(5000))));
    expect(error.response.status).toBe(422);
    expect(error.response.headers.get("content-type")).toBe("application/problem+json");
    expect(await error.response.json()).toMatchObject({
      title: "Invalid params",
      invalid_parameters: [{ name: "text", reason: "must be at most 4096 characters on whatsapp." }],
    });
    await expect(client(api).send(whatsAppText("😀".repeat(4096)))).resolves.toEqual({ messageUUID: expect.stringMatching(UUID_V4) });
    expect(api.accepted).toHaveLength(1);
  });

  it("422 naming `image.url` for a WhatsApp image without a URL", async () => {
    const api = await startStandIn();
    const image = { caption: "The replacement part" } as { caption: string; url: string };
    const error = await sendFailure(client(api).send({ channel: "whatsapp", messageType: "image", to: CUSTOMER, from: BUSINESS, image }));
    expect(error.response.status).toBe(422);
    expect((await error.response.json()).invalid_parameters).toEqual([{ name: "image.url", reason: "is required: an absolute http(s) URL Vonage can fetch." }]);
    expect(api.accepted).toEqual([]);
  });

  it.each([
    ["an unknown channel", ["channel"], { channel: "email" }],
    ["an image on SMS", ["message_type"], { channel: "sms", message_type: "image", image: { url: "https://example.com/a.jpg" } }],
    ["a + before the number", ["to"], { to: `+${CUSTOMER}` }],
    ["a number of 6 digits", ["to"], { to: "447700" }],
    ["no from", ["from"], { from: undefined }],
    ["an empty text", ["text"], { text: "" }],
    ["a bad number and no text at once", ["to", "text"], { to: "00447700900002", text: undefined }],
    ["a 641-character Messenger text", ["text"], { channel: "messenger", to: MESSENGER_CUSTOMER, from: MESSENGER_PAGE, text: "a".repeat(641) }],
    ["a relative image URL", ["image.url"], { message_type: "image", image: { url: "/photo.jpg" } }],
    ["an ftp image URL", ["image.url"], { message_type: "image", image: { url: "ftp://example.com/a.jpg" } }],
    ["a template without a name, policy or locale", ["template.name", "whatsapp.policy", "whatsapp.locale"], { message_type: "template", template: {} }],
    ["a template with another policy", ["whatsapp.policy"], { message_type: "template", ...TEMPLATE, whatsapp: { policy: "fallback", locale: "en_GB" } }],
    ["a reply context on SMS", ["context"], { channel: "sms", context: { message_uuid: randomUUID() } }],
    ["a reply context whose message_uuid is a number", ["context.message_uuid"], { context: { message_uuid: 42 } }],
    ["a Messenger category Vonage does not know", ["messenger.category"], { channel: "messenger", to: MESSENGER_CUSTOMER, from: MESSENGER_PAGE, messenger: { category: "promotion" } }],
    ["a Messenger message_tag without its tag", ["messenger.tag"], { channel: "messenger", to: MESSENGER_CUSTOMER, from: MESSENGER_PAGE, messenger: { category: "message_tag" } }],
    ["a client_ref of 101 characters", ["client_ref"], { client_ref: "r".repeat(101) }],
  ])("422 for %s, naming %j", async (_, names, fields) => {
    const api = await startStandIn();
    const response = await post(api, whatsAppBody(fields));
    expect(response.status).toBe(422);
    const problem = await response.json();
    expect(problem).toMatchObject({ type: "https://developer.nexmo.com/api-errors/messages-olympus#1150", title: "Invalid params", instance: expect.any(String) });
    expect(problem.invalid_parameters.map((parameter: { name: string }) => parameter.name)).toEqual(names);
    expect(api.accepted).toEqual([]);
  });

  it.each([
    ["a template", { message_type: "template", ...TEMPLATE }],
    ["a reply (context) on WhatsApp", { context: { message_uuid: randomUUID() } }],
    ["a file with a name and caption", { message_type: "file", file: { url: "https://example.com/r.pdf", name: "r.pdf", caption: "Receipt" } }],
    ["a Messenger HUMAN_AGENT reply", { channel: "messenger", to: MESSENGER_CUSTOMER, from: MESSENGER_PAGE, messenger: { category: "message_tag", tag: "HUMAN_AGENT" } }],
    ["a client_ref of 100 characters", { client_ref: "r".repeat(100) }],
  ])("202 for %s", async (_, fields) => {
    const api = await startStandIn({ statusWebhook: undefined });
    const response = await post(api, whatsAppBody(fields));
    expect(response.status).toBe(202);
    expect(api.accepted).toHaveLength(1);
  });

  it("422 for a body that is not a JSON object; 404 problem+json for any other path or method", async () => {
    const api = await startStandIn();
    const notJson = await post(api, "{not json");
    expect(notJson.status).toBe(422);
    expect(await notJson.json()).toMatchObject({ title: "The request body did not contain valid JSON" });
    expect((await post(api, [whatsAppBody()])).status).toBe(422);

    const elsewhere = await post(api, whatsAppBody(), null, "/v0.1/messages");
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.headers.get("content-type")).toBe("application/problem+json");
    expect((await fetch(`${api.url}/v1/messages`)).status).toBe(404);
    expect(api.stats.requests).toBe(4);
    expect(api.accepted).toEqual([]);
  });
});

describe("Messages API stand-in: scripted answers", () => {
  it("a scripted 429 carries Retry-After and answers only the next request", async () => {
    const api = await startStandIn();
    api.answerNext({ status: 429, retryAfterSeconds: 7 });
    const error = await sendFailure(client(api).send(whatsAppText("First try")));
    expect(error.response.status).toBe(429);
    expect(error.response.headers.get("retry-after")).toBe("7");
    expect(await error.response.json()).toMatchObject({ title: "Rate Limit Hit" });

    await expect(client(api).send(whatsAppText("Second try"))).resolves.toEqual({ messageUUID: expect.stringMatching(UUID_V4) });
    expect(api.stats.requests).toBe(2);
    expect(api.accepted.map((message) => message.body.text)).toEqual(["Second try"]);
  });

  it.each([401, 422, 500, 503] as const)("a scripted %i is answered as problem+json with its detail", async (status) => {
    const api = await startStandIn();
    api.answerNext({ status, detail: "Scripted by the test" });
    const error = await sendFailure(client(api).send(whatsAppText("Hello")));
    expect(error.response.status).toBe(status);
    expect(await error.response.json()).toMatchObject({ detail: "Scripted by the test" });
    expect(api.accepted).toEqual([]);
  });

  it("a slow 202: the client times out, yet the message was accepted and its statuses arrive with client_ref", async () => {
    const api = await startStandIn();
    api.answerNext({ acceptAfterMs: 10_000 });
    const error = await sendFailure(client(api, { timeout: 200 }).send(whatsAppText("Did this go?", "reply-slow")));
    // The client's `timeout` aborts its fetch: a DOMException named AbortError, no `response`.
    expect(error.name).toBe("AbortError");
    expect(error.response).toBeUndefined();

    expect(api.accepted).toEqual([expect.objectContaining({ clientRef: "reply-slow" })]);
    await api.settled();
    const statuses = statusesOf(api.accepted[0]!.messageUuid);
    expect(statuses.map((status) => [status.status, status.client_ref])).toEqual([
      ["submitted", "reply-slow"],
      ["delivered", "reply-slow"],
      ["read", "reply-slow"],
    ]);
  });

  it("a scripted rejection: 202, then one `rejected` status with the error", async () => {
    const api = await startStandIn();
    api.answerNext({ rejectWith: { code: 1300, detail: "Not part of the provider network" } });
    const { messageUUID } = await client(api).send(whatsAppText("Hello"));
    await api.settled();
    expect(statusesOf(messageUUID)).toEqual([
      expect.objectContaining({
        status: "rejected",
        error: { type: "https://developer.vonage.com/api-errors/messages#1300", title: "1300", detail: "Not part of the provider network", instance: expect.any(String) },
      }),
    ]);
    expect(api.accepted[0]!.rejectedWith).toEqual({ code: 1300, detail: "Not part of the provider network" });
  });
});

describe("Messages API stand-in: media fetched after the 202", () => {
  it("fetches an image and records what it got; the statuses follow", async () => {
    const api = await startStandIn();
    const { messageUUID } = await client(api).send({
      channel: "whatsapp",
      messageType: "image",
      to: CUSTOMER,
      from: BUSINESS,
      image: { url: `${mediaOrigin.origin}/photo.jpg`, caption: "The replacement part" },
    });
    await api.settled();
    expect(api.accepted[0]!.media).toEqual({ status: 200, contentType: "image/jpeg", bytes: JPEG.byteLength, sha256: createHash("sha256").update(JPEG).digest("hex") });
    expect(statusesOf(messageUUID).map((status) => status.status)).toEqual(["submitted", "delivered", "read"]);
  });

  it.each([
    ["a redirect (not followed)", "1380", "image", "/moved.jpg"],
    ["a 404", "1380", "image", "/missing.jpg"],
    ["an HTML page sent as an image", "1382", "image", "/page.html"],
    ["a PDF sent as a video", "1382", "video", "/receipt.pdf"],
  ])("202, then `rejected` for %s (error %s)", async (_, code, messageType, path) => {
    const api = await startStandIn();
    const response = await post(api, whatsAppBody({ message_type: messageType, [messageType]: { url: `${mediaOrigin.origin}${path}` } }));
    expect(response.status).toBe(202);
    const { message_uuid: messageUuid } = await response.json();
    await api.settled();
    expect(statusesOf(messageUuid)).toEqual([
      expect.objectContaining({ status: "rejected", error: expect.objectContaining({ type: `https://developer.vonage.com/api-errors/messages#${code}`, title: code }) }),
    ]);
    expect(api.accepted[0]!.media).toBeUndefined();
    expect(mediaOrigin.requestedPaths).toContain(path);
    expect(mediaOrigin.requestedPaths).not.toContain("/redirect-target.jpg");
  });

  it("takes any type for a file", async () => {
    const api = await startStandIn();
    const response = await post(api, whatsAppBody({ message_type: "file", file: { url: `${mediaOrigin.origin}/receipt.pdf`, name: "receipt.pdf" } }));
    expect(response.status).toBe(202);
    await api.settled();
    expect(api.accepted[0]).toMatchObject({ media: { status: 200, contentType: "application/pdf", bytes: 8 } });
    expect(api.accepted[0]!.rejectedWith).toBeUndefined();
  });
});

describe("Messages API stand-in: reply windows", () => {
  const outsideWindow = {
    status: "rejected",
    error: expect.objectContaining({ title: "1340", detail: "Outside of the allowed window - This message is sent outside of allowed response window." }),
  };

  it.each([
    ["a text 25 hours after the customer wrote", true, 25, {}],
    ["a text 23 hours after", false, 23, {}],
    ["a template 25 hours after", false, 25, { messageType: "template", ...TEMPLATE }],
    ["a text to a customer never heard of", false, undefined, {}],
  ])("WhatsApp: %s: 202, then rejected: %s", async (_, isRejected, hoursAgo, fields) => {
    const api = await startStandIn();
    if (hoursAgo !== undefined) api.customerWrote("whatsapp", CUSTOMER, new Date(Date.now() - hoursAgo * HOUR_MS));
    const { messageUUID } = await client(api).send({ ...whatsAppText("We can help"), ...fields });
    await api.settled();
    const statuses = statusesOf(messageUUID);
    if (isRejected) expect(statuses).toEqual([expect.objectContaining(outsideWindow)]);
    else expect(statuses.map((status) => status.status)).toEqual(["submitted", "delivered", "read"]);
  });

  it.each([
    ["within 24 hours, as a response", false, 1, { category: MessengerCategory.RESPONSE }],
    ["after 3 days, as a response", true, 72, { category: MessengerCategory.RESPONSE }],
    ["after 3 days, tagged HUMAN_AGENT", false, 72, { category: MessengerCategory.MESSAGE_TAG, tag: "HUMAN_AGENT" }],
    ["after 3 days, tagged ACCOUNT_UPDATE", true, 72, { category: MessengerCategory.MESSAGE_TAG, tag: "ACCOUNT_UPDATE" }],
    ["after 8 days, tagged HUMAN_AGENT", true, 192, { category: MessengerCategory.MESSAGE_TAG, tag: "HUMAN_AGENT" }],
  ])("Messenger: a reply %s: 202, then rejected: %s", async (_, isRejected, hoursAgo, messenger) => {
    const api = await startStandIn();
    api.customerWrote("messenger", MESSENGER_CUSTOMER, new Date(Date.now() - hoursAgo * HOUR_MS));
    const { messageUUID } = await client(api).send({ channel: "messenger", messageType: "text", to: MESSENGER_CUSTOMER, from: MESSENGER_PAGE, text: "We can help", messenger });
    await api.settled();
    const statuses = statusesOf(messageUUID);
    if (isRejected) expect(statuses).toEqual([expect.objectContaining(outsideWindow)]);
    else expect(statuses.map((status) => status.status)).toEqual(["submitted", "delivered", "read"]);
  });
});
