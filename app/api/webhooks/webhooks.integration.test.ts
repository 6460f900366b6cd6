import { randomUUID } from "node:crypto";
import jwt from "jsonwebtoken";
import { afterAll, describe, expect, inject, it } from "vitest";
import { createDb, type Db } from "@/lib/db";
import { createScratchDatabase } from "@/test/support/scratch-database";
import { createOutboundMessage, createTestUser, TEST_PASSWORD, uniqueCustomerNumber } from "@/test/support/factories";
import { mustSignIn } from "@/test/support/http-session";
import { postgresServerUrl } from "@/test/support/providers";
import { careDeskServers } from "@/test/support/servers";
import { startCareDeskServer } from "@/test/support/start-server";
import { startTcpProxy, throughProxy } from "@/test/support/tcp-proxy";
import { sha256Hex } from "@/lib/vonage/verify-webhook-signature";
import { buildInboundPayload, buildStatusPayload, INBOUND_TYPES_BY_CHANNEL } from "@/test/vonage-fake/build-payloads";
import { sendWebhook } from "@/test/vonage-fake/send-webhook";
import { signWebhook } from "@/test/vonage-fake/sign-webhook";

const signatureSecret = inject("signatureSecret");
const apiKey = inject("vonageApiKey");

const channelTypePairs = Object.entries(INBOUND_TYPES_BY_CHANNEL).flatMap(([channel, types]) =>
  types.map((messageType) => ({ channel, messageType })),
);

/** An inbound image as Messages API v0.1 sends it: addresses as objects, the message under `message.content`. */
const v01Inbound = () => ({
  message_uuid: randomUUID(),
  to: { type: "whatsapp", number: "447700900200" },
  from: { type: "whatsapp", number: uniqueCustomerNumber() },
  timestamp: new Date().toISOString(),
  direction: "inbound",
  message: { content: { type: "image", image: { url: `https://api-us.nexmo.com/v3/media/${randomUUID()}`, caption: "v0.1" } } },
});

const databases: Db[] = [];
afterAll(async () => {
  await Promise.all(databases.map((db) => db.$disconnect()));
});

describe.each(careDeskServers())("Vonage webhooks on $provider", (server) => {
  const db = createDb(server.databaseUrl);
  databases.push(db);
  const target = { baseUrl: server.baseUrl, signatureSecret, apiKey };

  async function sendInbound(overrides: Partial<Parameters<typeof buildInboundPayload>[0]> & { channel: string; messageType: string }) {
    const payload = buildInboundPayload({ from: uniqueCustomerNumber(), ...overrides });
    const response = await sendWebhook(target, "inbound", payload);
    return { payload, response, body: await response.json() };
  }

  const storedMessage = (messageUuid: string) =>
    db.message.findUnique({ where: { messageUuid }, include: { media: { orderBy: { position: "asc" } }, conversation: { include: { contact: true } } } });

  describe("inbound messages: every channel and type is stored", () => {
    it.each(channelTypePairs)("$channel $messageType", async ({ channel, messageType }) => {
      const { payload, response, body } = await sendInbound({ channel, messageType });
      expect(response.status).toBe(200);
      expect(body).toEqual({ status: "stored", messageUuid: payload.message_uuid });

      const message = await storedMessage(String(payload.message_uuid));
      expect(message).toMatchObject({ direction: "inbound", channel, messageType, fromAddress: payload.from, toAddress: payload.to });
      expect(JSON.parse(message!.rawPayload)).toEqual(payload);
      expect(message!.conversation).toMatchObject({ channel, businessNumber: payload.to, status: "open", lastInboundAt: message!.sentAt });
      expect(message!.conversation.lastMessagePreview).not.toBe("");

      const expectedMedia = messageType === "content" ? 3 : ["image", "audio", "video", "file", "vcard", "sticker"].includes(messageType) ? 1 : 0;
      expect(message!.media).toHaveLength(expectedMedia);
      for (const item of message!.media) expect(item.vonageUrl).toMatch(/^https:\/\/api-us\.nexmo\.com\/v3\/media\/[0-9a-f-]{36}$/);
      if (messageType === "text") expect(message!.text).toBe(payload.text);
      if (["location", "contact", "reply", "button", "order", "reaction", "unsupported"].includes(messageType)) {
        expect((message!.content as { kind: string }).kind).toBe(messageType);
      }
      if (channel === "whatsapp") expect(message!.conversation.contact.profileName).toBe("Alex Customer");
    });

    it("keeps each part of a multi-part MMS as its own media item, in order, with captions", async () => {
      const { payload } = await sendInbound({ channel: "mms", messageType: "content" });
      const message = await storedMessage(String(payload.message_uuid));
      const parts = payload.content as { type: string; url: string; caption?: string }[];
      expect(message!.media.map((m) => [m.position, m.kind, m.vonageUrl, m.caption ?? undefined])).toEqual(
        parts.map((part, index) => [index, part.type, part.url, part.caption]),
      );
      expect(message!.conversation.lastMessagePreview).toBe("Photo +2: Front");
    });

    it("keeps every part of an MMS with 2,000 parts (one statement however many)", async () => {
      const payload = buildInboundPayload({ channel: "mms", messageType: "content", from: uniqueCustomerNumber() });
      const parts = Array.from({ length: 2_000 }, (_, index) => ({ type: "image", url: `${(payload.content as { url: string }[])[0]!.url}?part=${index}`, caption: `Part ${index}` }));
      payload.content = parts;
      const response = await sendWebhook(target, "inbound", payload);
      expect(response.status).toBe(200);
      const message = await storedMessage(String(payload.message_uuid));
      expect(message!.media).toHaveLength(2_000);
      expect(message!.media.map((m) => [m.position, m.vonageUrl, m.caption])).toEqual(parts.map((part, index) => [index, part.url, part.caption]));
    });

    it("keeps a file's name and caption, and a WhatsApp reply's quoted message", async () => {
      const original = await sendInbound({ channel: "whatsapp", messageType: "text" });
      const { payload } = await sendInbound({
        channel: "whatsapp",
        messageType: "file",
        from: String(original.payload.from),
        replyTo: String(original.payload.message_uuid),
      });
      const message = await storedMessage(String(payload.message_uuid));
      expect(message!.media[0]).toMatchObject({ kind: "file", fileName: "receipt.pdf", caption: "My receipt" });
      expect(message!.replyToMessageUuid).toBe(original.payload.message_uuid);
      expect(message!.conversationId).toBe((await storedMessage(String(original.payload.message_uuid)))!.conversationId);
      expect(message!.conversation.lastMessagePreview).toBe("Document: receipt.pdf: My receipt");
    });

    it("keeps an ad referral, the product asked about and the WhatsApp username with the message (issue 19)", async () => {
      const payload: Record<string, unknown> = {
        ...buildInboundPayload({ channel: "whatsapp", messageType: "text", from: uniqueCustomerNumber() }),
        profile: { name: "Ana", username: "ana.b" },
        context: { whatsapp_referred_product: { catalog_id: "1267260820787549", product_retailer_id: "r07qei73l7" } },
        whatsapp: { referral: { headline: "Spring sale", body: "Free returns", source_type: "ad", source_id: "120208", source_url: "https://fb.me/abc123" } },
      };
      const response = await sendWebhook(target, "inbound", payload);
      expect(response.status).toBe(200);
      const message = await storedMessage(String(payload.message_uuid));
      expect(message!.text).toBe(payload.text);
      expect(message!.content).toEqual({
        extras: {
          adReferral: { headline: "Spring sale", body: "Free returns", sourceType: "ad", sourceId: "120208", sourceUrl: "https://fb.me/abc123" },
          referredProduct: { catalogId: "1267260820787549", productId: "r07qei73l7" },
          username: "ana.b",
        },
      });
      expect(JSON.parse(message!.rawPayload)).toEqual(payload);
    });

    it("stores every part of an MMS whose content lists more than its main item, with names, positions 0..n (issue 19)", async () => {
      const url = () => `https://api-us.nexmo.com/v3/media/${randomUUID()}`;
      const [front, back, card] = [url(), url(), url()];
      const payload: Record<string, unknown> = {
        ...buildInboundPayload({ channel: "mms", messageType: "image", from: uniqueCustomerNumber() }),
        image: { url: front, name: "front.jpg" },
        content: [
          { type: "image", url: front, name: "front.jpg" },
          { type: "text", text: "Both sides" },
          { type: "image", url: back, name: "back.jpg" },
          { type: "vcard", url: card, name: "courier.vcf" },
        ],
      };
      expect((await sendWebhook(target, "inbound", payload)).status).toBe(200);
      const message = await storedMessage(String(payload.message_uuid));
      expect(message!.media.map((m) => [m.position, m.kind, m.vonageUrl, m.fileName])).toEqual([
        [0, "image", front, "front.jpg"],
        [1, "image", back, "back.jpg"],
        [2, "vcard", card, "courier.vcf"],
      ]);
      expect(message!.text).toBe("Both sides");
      expect(message!.conversation.lastMessagePreview).toBe("Photo +2: Both sides");
    });

    it("stores an unknown channel and an unknown type as such", async () => {
      const unknownChannel = await sendInbound({ channel: "telepathy", messageType: "text", text: "hello from the future" });
      expect(unknownChannel.response.status).toBe(200);
      expect((await storedMessage(String(unknownChannel.payload.message_uuid)))!.text).toBe("hello from the future");

      const unknownType = await sendInbound({ channel: "whatsapp", messageType: "hologram" });
      expect(unknownType.response.status).toBe(200);
      const message = await storedMessage(String(unknownType.payload.message_uuid));
      expect(message!.content).toEqual({ kind: "unknown", channel: "whatsapp", messageType: "hologram" });
      expect(message!.conversation.lastMessagePreview).toBe("Unknown message type: hologram");
    });

    it("stores a known type with a body it cannot read, marked unreadable, rather than dropping it", async () => {
      const payload: Record<string, unknown> = { ...buildInboundPayload({ channel: "whatsapp", messageType: "image", from: uniqueCustomerNumber() }), image: { caption: "no url" } };
      const response = await sendWebhook(target, "inbound", payload);
      expect(response.status).toBe(200);
      const message = await storedMessage(String(payload.message_uuid));
      expect(message!.content).toMatchObject({ kind: "malformed", messageType: "image" });
      expect(message!.media).toHaveLength(0);
    });
  });

  describe("conversations", () => {
    it("one customer + one business number + one channel is one conversation; the profile name is kept", async () => {
      const from = uniqueCustomerNumber();
      const first = await sendInbound({ channel: "whatsapp", messageType: "text", from, profileName: "Jo" });
      const second = await sendInbound({ channel: "whatsapp", messageType: "image", from, profileName: "Jo Bloggs" });
      const otherNumber = await sendInbound({ channel: "whatsapp", messageType: "text", from, to: "447700900299", profileName: "Jo Bloggs" });
      const otherChannel = await sendInbound({ channel: "sms", messageType: "text", from });
      const conversationOf = async (p: { payload: Record<string, unknown> }) => (await storedMessage(String(p.payload.message_uuid)))!.conversation;
      expect((await conversationOf(first)).id).toBe((await conversationOf(second)).id);
      expect((await conversationOf(otherNumber)).id).not.toBe((await conversationOf(first)).id);
      expect((await conversationOf(otherChannel)).id).not.toBe((await conversationOf(first)).id);
      expect((await conversationOf(second)).contact.profileName).toBe("Jo Bloggs");
      // A later message with an empty profile name does not erase the one we know.
      await sendInbound({ channel: "whatsapp", messageType: "text", from, profileName: "" });
      expect((await conversationOf(second)).contact.profileName).toBe("Jo Bloggs");
    });

    it("a new message reopens a resolved or snoozed conversation; an older one moves neither the preview nor what unread is measured against", async () => {
      const from = uniqueCustomerNumber();
      const now = Date.now();
      const first = await sendInbound({ channel: "whatsapp", messageType: "text", from, text: "newest", timestamp: new Date(now) });
      const { conversationId } = (await storedMessage(String(first.payload.message_uuid)))!;
      await db.conversation.update({ where: { id: conversationId }, data: { status: "resolved", resolvedAt: new Date() } });

      await sendInbound({ channel: "whatsapp", messageType: "text", from, text: "late arrival", timestamp: new Date(now - 60_000) });
      const conversation = await db.conversation.findUniqueOrThrow({ where: { id: conversationId } });
      expect(conversation).toMatchObject({ status: "open", resolvedAt: null, lastMessagePreview: "newest" });
      expect(conversation.lastMessageAt.getTime()).toBe(now);
      expect(conversation.lastInboundAt!.getTime()).toBe(now);

      await db.conversation.update({ where: { id: conversationId }, data: { status: "snoozed", snoozedUntil: new Date(now + 3_600_000) } });
      await sendInbound({ channel: "whatsapp", messageType: "text", from, text: "anyone there?", timestamp: new Date(now + 1_000) });
      const woken = await db.conversation.findUniqueOrThrow({ where: { id: conversationId } });
      expect(woken).toMatchObject({ status: "open", snoozedUntil: null, lastMessagePreview: "anyone there?" });
      expect(woken.lastInboundAt!.getTime()).toBe(now + 1_000);
    });
  });

  describe("signatures", () => {
    const payload = () => buildInboundPayload({ channel: "sms", messageType: "text", from: uniqueCustomerNumber() });
    const body = (p: unknown) => JSON.stringify(p);
    const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

    it.each([
      ["no Authorization header", (p: unknown) => ({ headers: {}, body: body(p) }), /Missing Authorization header/],
      ["a wrong secret", (p: unknown) => ({ headers: bearer(signWebhook(body(p), { signatureSecret: "not-the-secret", apiKey })), body: body(p) }), /does not verify/],
      [
        "a tampered body",
        (p: unknown) => ({ headers: bearer(signWebhook(body(p), { signatureSecret, apiKey })), body: body({ ...(p as object), text: "changed" }) }),
        /altered after Vonage signed it/,
      ],
      ["a wrong api_key", (p: unknown) => ({ headers: bearer(signWebhook(body(p), { signatureSecret, apiKey: "someone-else" })), body: body(p) }), /another Vonage account/],
      [
        "alg none",
        (p: unknown) => ({
          headers: bearer(jwt.sign({ iat: Math.floor(Date.now() / 1000), api_key: apiKey, payload_hash: sha256Hex(Buffer.from(body(p))) }, "", { algorithm: "none" })),
          body: body(p),
        }),
        /does not verify/,
      ],
      [
        "an iat in the future",
        (p: unknown) => ({ headers: bearer(signWebhook(body(p), { signatureSecret, apiKey, issuedAt: new Date(Date.now() + 3_600_000) })), body: body(p) }),
        /issued in the future/,
      ],
    ])("refuses %s with 401 and a reason, storing no message", async (_, request, reason) => {
      const p = payload();
      const { headers, body: sentBody } = request(p);
      const response = await sendWebhook(target, "inbound", p, { headers, body: sentBody, isUnsigned: true });
      expect(response.status).toBe(401);
      const answer = await response.json();
      expect(answer.error.code).toBe("invalid_signature");
      expect(answer.error.message).toMatch(reason);
      expect(await db.message.count({ where: { messageUuid: String(p.message_uuid) } })).toBe(0);
      const event = await db.webhookEvent.findFirst({ where: { requestId: response.headers.get("x-request-id")! } });
      expect(event).toMatchObject({ kind: "inbound", outcome: "rejected", httpStatus: 401, body: null });
      expect(event!.reason).toMatch(reason);
    });
  });

  describe("bad input", () => {
    it("shows refused requests to admins in the webhook log, with Vonage URLs hidden", async () => {
      const refused = await sendWebhook(target, "inbound", v01Inbound());
      expect(refused.status).toBe(422);
      const admin = await createTestUser(db, { role: "admin" });
      const cookie = await mustSignIn(server.baseUrl, admin.email, TEST_PASSWORD);
      const page = await (await fetch(`${server.baseUrl}/admin/webhooks?outcome=rejected`, { headers: { cookie } })).text();
      expect(page).toContain(refused.headers.get("x-request-id")!);
      expect(page).toContain("Messages API v0.1 webhook");
      expect(page).not.toContain("api-us.nexmo.com/v3/media");
      expect(page).toContain("[link hidden]");
    });

    it("answers 400 for a body that is not JSON, and keeps the body in the event log", async () => {
      const response = await sendWebhook(target, "inbound", null, { body: "{not json" });
      expect(response.status).toBe(400);
      expect((await response.json()).error).toMatchObject({ code: "bad_request", message: "The body is not valid JSON." });
      const event = await db.webhookEvent.findFirst({ where: { requestId: response.headers.get("x-request-id")! } });
      expect(event).toMatchObject({ outcome: "rejected", httpStatus: 400, body: "{not json", bodyBytes: 9 });
    });

    it.each([
      ["an inbound message", "inbound" as const, v01Inbound()],
      ["a status update", "status" as const, { message_uuid: randomUUID(), to: { type: "sms", number: "447700900001" }, from: { type: "sms", number: "447700900100" }, timestamp: new Date().toISOString(), status: "delivered" }],
    ])("answers 422 to %s in Messages API v0.1, saying to switch the webhook version to v1", async (_, kind, payload) => {
      const response = await sendWebhook(target, kind, payload);
      expect(response.status).toBe(422);
      expect((await response.json()).error.message).toMatch(/set this application's Messages webhook version to v1/);
      expect(await db.message.count({ where: { messageUuid: String(payload.message_uuid) } })).toBe(0);
    });

    it("answers 413 for a body over the cap, without storing it", async () => {
      const payload = buildInboundPayload({ channel: "sms", messageType: "text", text: "x".repeat(1024 * 1024 + 10) });
      const response = await sendWebhook(target, "inbound", payload);
      expect(response.status).toBe(413);
      expect((await response.json()).error.message).toMatch(/larger than this webhook accepts \(1048576 bytes/);
      expect(await db.message.count({ where: { messageUuid: String(payload.message_uuid) } })).toBe(0);
      const event = await db.webhookEvent.findFirst({ where: { requestId: response.headers.get("x-request-id")! } });
      expect(event).toMatchObject({ outcome: "rejected", httpStatus: 413, body: null });
    });
  });

  describe("signed bodies CareDesk cannot read: kept, answered 200, flagged", () => {
    const eventOf = (response: Response) => db.webhookEvent.findFirstOrThrow({ where: { requestId: response.headers.get("x-request-id")! } });

    /** As in Vonage's own SDK fixtures: an SMS with channel and text, but no message_type. */
    const smsWithoutType = (from: string) => {
      const payload: Record<string, unknown> = buildInboundPayload({ channel: "sms", messageType: "text", from, text: "Where is my order?" });
      delete payload.message_type;
      return payload;
    };

    it("stores an SMS without message_type as an unreadable message in its sender's conversation, and flags it in the webhook log", async () => {
      const from = uniqueCustomerNumber();
      const payload = smsWithoutType(from);
      const response = await sendWebhook(target, "inbound", payload);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: "unreadable", messageUuid: payload.message_uuid });

      const message = await storedMessage(String(payload.message_uuid));
      expect(message).toMatchObject({ channel: "sms", messageType: "unknown", fromAddress: from, toAddress: payload.to, text: "Where is my order?" });
      expect(message!.content).toEqual({ kind: "unreadable", problem: expect.stringMatching(/message_type/) });
      expect(JSON.parse(message!.rawPayload)).toEqual(payload);
      expect(message!.conversation).toMatchObject({ channel: "sms", businessNumber: payload.to, lastMessagePreview: "Unreadable message" });
      expect(message!.conversation.lastInboundAt).toEqual(message!.sentAt);
      expect(message!.conversation.contact).toMatchObject({ channel: "sms", address: from });
      expect(await eventOf(response)).toMatchObject({ kind: "inbound", outcome: "unreadable", httpStatus: 200, messageUuid: payload.message_uuid, reason: expect.stringMatching(/message_type/) });

      const admin = await createTestUser(db, { role: "admin" });
      const cookie = await mustSignIn(server.baseUrl, admin.email, TEST_PASSWORD);
      const log = await (await fetch(`${server.baseUrl}/admin/webhooks?outcome=unreadable`, { headers: { cookie } })).text();
      expect(log).toContain(response.headers.get("x-request-id")!);
      expect(log).toMatch(/200(?:<!-- -->)?\s*(?:<!-- -->)?unreadable/);
      expect(log).toContain("Stored as an unreadable message");
    });

    it("shows the message in the thread as unreadable, with what Vonage sent one click away for admins only", async () => {
      const payload = smsWithoutType(uniqueCustomerNumber());
      expect((await sendWebhook(target, "inbound", payload)).status).toBe(200);
      const { conversationId } = (await storedMessage(String(payload.message_uuid)))!;
      const threadAs = async (role: "admin" | "agent") => {
        const person = await createTestUser(db, { role });
        const cookie = await mustSignIn(server.baseUrl, person.email, TEST_PASSWORD);
        const response = await fetch(`${server.baseUrl}/conversations/${conversationId}`, { headers: { cookie } });
        expect(response.status).toBe(200);
        return response.text();
      };
      // The raw JSON as shown: indented, quotes escaped as HTML.
      const rawShown = `&quot;message_uuid&quot;: &quot;${payload.message_uuid}&quot;`;

      const asAdmin = await threadAs("admin");
      expect(asAdmin).toContain("CareDesk could not read this message");
      expect(asAdmin).toContain("Show what Vonage sent");
      expect(asAdmin).toContain(rawShown);

      const asAgent = await threadAs("agent");
      expect(asAgent).toContain("CareDesk could not read this message");
      expect(asAgent).toContain("Where is my order?");
      expect(asAgent).toContain("An admin can open what Vonage sent.");
      expect(asAgent).not.toContain(rawShown);
    });

    it("keeps a body with nothing readable under an unknown sender, once however often it comes", async () => {
      const body = JSON.stringify({ hello: randomUUID() });
      const first = await sendWebhook(target, "inbound", null, { body });
      const second = await sendWebhook(target, "inbound", null, { body });
      expect([first.status, second.status]).toEqual([200, 200]);
      const receipt = await first.json();
      expect(receipt.status).toBe("unreadable");
      expect((await second.json()).status).toBe("duplicate");
      const stored = await db.message.findMany({ where: { rawPayload: body }, include: { conversation: { include: { contact: true } } } });
      expect(stored).toHaveLength(1);
      expect(stored[0]!.messageUuid).toBe(receipt.messageUuid);
      expect(stored[0]!.conversation.contact).toMatchObject({ channel: "unknown", address: "Unknown sender" });
    });

    it.each([
      ["a JSON array", [], /expected object/],
      ["JSON null", null, /expected object/],
      ["no message_uuid", { ...buildInboundPayload({ channel: "sms", messageType: "text" }), message_uuid: undefined }, /message_uuid/],
      ["a timestamp that is not a date", { ...buildInboundPayload({ channel: "sms", messageType: "text" }), timestamp: "yesterday" }, /timestamp: must be an ISO 8601 date/],
      ["a wrongly typed channel", { ...buildInboundPayload({ channel: "sms", messageType: "text" }), channel: 42 }, /channel/],
    ])("stores %s as an unreadable message (200), with the reason", async (_, payload, reason) => {
      const response = await sendWebhook(target, "inbound", payload);
      expect(response.status).toBe(200);
      const { status, messageUuid } = await response.json();
      expect(status).toBe("unreadable");
      const message = await db.message.findUniqueOrThrow({ where: { messageUuid } });
      expect(message.content).toEqual({ kind: "unreadable", problem: expect.stringMatching(reason) });
      expect(message.rawPayload).toBe(JSON.stringify(payload));
    });

    it("keeps a status webhook without a status as a flagged event with its whole body (200)", async () => {
      const payload: Record<string, unknown> = { ...buildStatusPayload({ messageUuid: randomUUID(), status: "read" }), status: undefined, padding: "p".repeat(40_000) };
      const response = await sendWebhook(target, "status", payload);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: "unreadable", messageUuid: payload.message_uuid });
      expect(await eventOf(response)).toMatchObject({
        kind: "status",
        outcome: "unreadable",
        httpStatus: 200,
        messageUuid: payload.message_uuid,
        body: JSON.stringify(payload),
        reason: expect.stringMatching(/status/),
      });
    });
  });

  describe("exactly once", () => {
    it("stores a message delivered twice once, and says so", async () => {
      const payload = buildInboundPayload({ channel: "whatsapp", messageType: "image", from: uniqueCustomerNumber() });
      const first = await sendWebhook(target, "inbound", payload);
      const second = await sendWebhook(target, "inbound", payload);
      expect([first.status, second.status]).toEqual([200, 200]);
      expect((await second.json()).status).toBe("duplicate");
      expect(await db.message.count({ where: { messageUuid: String(payload.message_uuid) } })).toBe(1);
      expect(await db.mediaItem.count({ where: { message: { messageUuid: String(payload.message_uuid) } } })).toBe(1);
    });

    it("stores a message once when its deliveries race", async () => {
      const payload = buildInboundPayload({ channel: "mms", messageType: "content", from: uniqueCustomerNumber() });
      const responses = await Promise.all(Array.from({ length: 8 }, () => sendWebhook(target, "inbound", payload)));
      const statuses = await Promise.all(responses.map(async (r) => [r.status, (await r.json()).status]));
      expect(statuses.filter(([, s]) => s === "stored")).toHaveLength(1);
      expect(statuses.every(([code]) => code === 200)).toBe(true);
      expect(await db.message.count({ where: { messageUuid: String(payload.message_uuid) } })).toBe(1);
      expect(await db.mediaItem.count({ where: { message: { messageUuid: String(payload.message_uuid) } } })).toBe(3);
    });

    it("200 parallel deliveries with 20% duplicates end with exactly the expected rows and no error", async () => {
      const from = uniqueCustomerNumber();
      const unique = Array.from({ length: 160 }, (_, index) =>
        buildInboundPayload({ channel: index % 2 ? "whatsapp" : "sms", messageType: "text", from, text: `message ${index}` }),
      );
      const deliveries = [...unique, ...unique.slice(0, 40)];
      const responses = await Promise.all(deliveries.map((payload) => sendWebhook(target, "inbound", payload)));
      const bodies = await Promise.all(responses.map((response) => response.json()));
      expect(responses.map((r) => r.status).filter((status) => status !== 200)).toEqual([]);
      expect(bodies.filter((b) => b.status === "stored")).toHaveLength(160);
      expect(bodies.filter((b) => b.status === "duplicate")).toHaveLength(40);
      expect(await db.message.count({ where: { fromAddress: from } })).toBe(160);
      expect(await db.conversation.count({ where: { contact: { address: from } } })).toBe(2);
    });
  });

  describe("status updates", () => {
    it("records each event once and keeps the latest status by Vonage's timestamp", async () => {
      const message = await createOutboundMessage(db);
      const t0 = Date.now() - 10_000;
      const send = (status: string, offsetMs: number) =>
        sendWebhook(target, "status", buildStatusPayload({ messageUuid: message.messageUuid!, status, timestamp: new Date(t0 + offsetMs) }));
      expect((await send("read", 3000)).status).toBe(200);
      expect((await send("submitted", 1000)).status).toBe(200);
      expect((await send("delivered", 2000)).status).toBe(200);
      const duplicate = await send("delivered", 2000);
      expect((await duplicate.json()).status).toBe("duplicate");

      const updated = await db.message.findUniqueOrThrow({ where: { id: message.id } });
      expect(updated.status).toBe("read");
      expect(updated.statusAt!.getTime()).toBe(t0 + 3000);
      const events = await db.statusEvent.findMany({ where: { messageUuid: message.messageUuid! }, orderBy: { occurredAt: "asc" } });
      expect(events.map((e) => e.status)).toEqual(["submitted", "delivered", "read"]);
    });

    it("when two statuses share a timestamp, the later stage wins whatever the arrival order", async () => {
      const message = await createOutboundMessage(db);
      const at = new Date(Date.now() - 5_000);
      for (const status of ["read", "delivered", "submitted"]) {
        expect((await sendWebhook(target, "status", buildStatusPayload({ messageUuid: message.messageUuid!, status, timestamp: at }))).status).toBe(200);
      }
      expect((await db.message.findUniqueOrThrow({ where: { id: message.id } })).status).toBe("read");
    });

    it("keeps the error object of a rejected message, with a numeric title", async () => {
      const message = await createOutboundMessage(db);
      const response = await sendWebhook(target, "status", buildStatusPayload({ messageUuid: message.messageUuid!, status: "rejected" }));
      expect(response.status).toBe(200);
      const event = await db.statusEvent.findFirstOrThrow({ where: { messageUuid: message.messageUuid! } });
      expect(event.error).toMatchObject({ title: "1300", detail: "Not part of the provider network" });
    });

    it("keeps a status for a message CareDesk has never seen", async () => {
      const messageUuid = randomUUID();
      const response = await sendWebhook(target, "status", buildStatusPayload({ messageUuid, status: "delivered" }));
      expect(response.status).toBe(200);
      expect(await db.statusEvent.count({ where: { messageUuid } })).toBe(1);
    });
  });
});

describe("webhook configuration", () => {
  const servers: { stop(): Promise<void> }[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
  });

  it("answers 503 naming VONAGE_SIGNATURE_SECRET when no secret is configured", async () => {
    const database = await createScratchDatabase("sqlite");
    const server = await startCareDeskServer({ env: { DATABASE_URL: database.url, VONAGE_SIGNATURE_SECRET: "" } });
    servers.push({ stop: async () => (await server.stop(), await database.drop()) });
    const response = await sendWebhook({ baseUrl: server.baseUrl }, "inbound", buildInboundPayload({ channel: "sms", messageType: "text" }));
    expect(response.status).toBe(503);
    expect((await response.json()).error.message).toMatch(/set VONAGE_SIGNATURE_SECRET/);
  });

  it("accepts unsigned webhooks only when VONAGE_WEBHOOK_SIGNATURES=off, and warns at start", async () => {
    const database = await createScratchDatabase("sqlite");
    const server = await startCareDeskServer({ env: { DATABASE_URL: database.url, VONAGE_SIGNATURE_SECRET: "", VONAGE_WEBHOOK_SIGNATURES: "off" } });
    servers.push({ stop: async () => (await server.stop(), await database.drop()) });
    const response = await sendWebhook({ baseUrl: server.baseUrl }, "inbound", buildInboundPayload({ channel: "sms", messageType: "text" }));
    expect(response.status).toBe(200);
    const { readFile } = await import("node:fs/promises");
    expect(await readFile(server.logFile, "utf8")).toMatch(/webhook signatures are OFF/);
  });
});

describe.runIf(postgresServerUrl)("webhooks while PostgreSQL is unreachable", () => {
  it("answers 5xx so Vonage retries, and stores the retry once the database is back", async () => {
    const database = await createScratchDatabase("postgresql", { postgresServerUrl, prefix: "caredesk_down" });
    const url = new URL(database.url);
    const proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
    const server = await startCareDeskServer({
      env: { DATABASE_URL: throughProxy(database.url, proxy), VONAGE_SIGNATURE_SECRET: signatureSecret, VONAGE_API_KEY: apiKey },
    });
    const db = createDb(database.url);
    try {
      const target = { baseUrl: server.baseUrl, signatureSecret, apiKey };
      const payload = buildInboundPayload({ channel: "whatsapp", messageType: "image", from: uniqueCustomerNumber() });
      proxy.cut();
      const during = await sendWebhook(target, "inbound", payload);
      expect(during.status).toBe(503);
      expect((await during.json()).error.message).toMatch(/Vonage will retry/);
      proxy.restore();
      let retry = await sendWebhook(target, "inbound", payload);
      for (let attempt = 0; attempt < 10 && retry.status !== 200; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 300));
        retry = await sendWebhook(target, "inbound", payload);
      }
      expect(retry.status).toBe(200);
      expect(await db.message.count({ where: { messageUuid: String(payload.message_uuid) } })).toBe(1);
    } finally {
      await db.$disconnect();
      await server.stop();
      await proxy.close();
      await database.drop();
    }
  });
});
