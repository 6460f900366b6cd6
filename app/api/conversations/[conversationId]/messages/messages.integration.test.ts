import { afterAll, describe, expect, inject, it } from "vitest";
import { createDb, type Db } from "@/lib/db";
import { createOutboundMessage, createTestUser, TEST_PASSWORD, uniqueCustomerNumber } from "@/test/support/factories";
import { mustSignIn } from "@/test/support/http-session";
import { careDeskServers } from "@/test/support/servers";
import { buildInboundPayload } from "@/test/vonage-fake/build-payloads";
import { sendWebhook } from "@/test/vonage-fake/send-webhook";

const databases: Db[] = [];
afterAll(async () => {
  await Promise.all(databases.map((db) => db.$disconnect()));
});

describe.each(careDeskServers())("GET /api/conversations/{id}/messages on $provider", (server) => {
  const db = createDb(server.databaseUrl);
  databases.push(db);
  const url = (conversationId: string, ids: string) => `${server.baseUrl}/api/conversations/${conversationId}/messages?ids=${ids}`;

  it("answers the named messages as the thread shows them", async () => {
    const agent = await createTestUser(db);
    const cookie = await mustSignIn(server.baseUrl, agent.email, TEST_PASSWORD);
    const payload = buildInboundPayload({ channel: "whatsapp", messageType: "text", from: uniqueCustomerNumber() });
    await sendWebhook({ baseUrl: server.baseUrl, signatureSecret: inject("signatureSecret"), apiKey: inject("vonageApiKey") }, "inbound", payload);
    const message = await db.message.findUniqueOrThrow({ where: { messageUuid: String(payload.message_uuid) } });

    const response = await fetch(url(message.conversationId, message.id), { headers: { cookie } });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const { messages } = (await response.json()) as { messages: Record<string, unknown>[] };
    expect(messages).toEqual([
      expect.objectContaining({ id: message.id, direction: "inbound", text: payload.text, sentAt: message.sentAt.toISOString(), media: [], rawPreview: null }),
    ]);
  });

  it("keeps Vonage's raw JSON for admins: an agent reads a sentence, with the channel named for people", async () => {
    const [agent, admin] = [await createTestUser(db), await createTestUser(db, { role: "admin" })];
    const from = uniqueCustomerNumber();
    const vonage = { baseUrl: server.baseUrl, signatureSecret: inject("signatureSecret"), apiKey: inject("vonageApiKey") };
    const unknown = buildInboundPayload({ channel: "whatsapp", messageType: "hologram", from });
    const unsupported = buildInboundPayload({ channel: "whatsapp", messageType: "unsupported", from });
    await sendWebhook(vonage, "inbound", unknown);
    await sendWebhook(vonage, "inbound", unsupported);
    const message = await db.message.findUniqueOrThrow({ where: { messageUuid: String(unknown.message_uuid) } });

    const rawPreviewAs = async (cookie: string) => {
      const response = await fetch(url(message.conversationId, message.id), { headers: { cookie } });
      const { messages } = (await response.json()) as { messages: { rawPreview: string | null }[] };
      return messages[0]?.rawPreview;
    };
    const agentCookie = await mustSignIn(server.baseUrl, agent.email, TEST_PASSWORD);
    expect(await rawPreviewAs(agentCookie)).toBeNull();
    expect(await rawPreviewAs(await mustSignIn(server.baseUrl, admin.email, TEST_PASSWORD))).toContain("a type CareDesk does not know yet");

    // React marks where one text part ends and the next begins: a reader sees them as one.
    const page = (await (await fetch(`${server.baseUrl}/conversations/${message.conversationId}`, { headers: { cookie: agentCookie } })).text()).replaceAll("<!-- -->", "");
    expect(page).toContain("A hologram message on WhatsApp: a type CareDesk cannot display yet.");
    expect(page).toContain("An admin can open what Vonage sent.");
    expect(page).toContain("The customer sent something WhatsApp cannot pass on");
    expect(page).not.toContain("Show what Vonage sent");
    expect(page).not.toContain("a type CareDesk does not know yet");
  });

  it("answers only messages of that conversation", async () => {
    const agent = await createTestUser(db);
    const cookie = await mustSignIn(server.baseUrl, agent.email, TEST_PASSWORD);
    const [mine, other] = [await createOutboundMessage(db), await createOutboundMessage(db)];
    const response = await fetch(url(mine.conversationId, `${mine.id},${other.id}`), { headers: { cookie } });
    const { messages } = (await response.json()) as { messages: { id: string }[] };
    expect(messages.map((message) => message.id)).toEqual([mine.id]);
  });

  it.each([
    ["signed out", 401, false, "valid"],
    ["an unknown conversation", 404, true, "unknown"],
    ["no ids", 400, true, "none"],
    ["a malformed id", 400, true, "malformed"],
    ["too many ids", 400, true, "too-many"],
  ] as const)("answers %s with %i", async (_, status, isSignedIn, ids) => {
    const message = await createOutboundMessage(db);
    const agent = await createTestUser(db);
    const cookie = isSignedIn ? await mustSignIn(server.baseUrl, agent.email, TEST_PASSWORD) : "";
    const conversationId = ids === "unknown" ? "c0000000000000000000000000" : message.conversationId;
    const named = { valid: message.id, unknown: message.id, none: "", malformed: "../x", "too-many": Array.from({ length: 51 }, (_, index) => `m${String(index).padStart(12, "0")}`).join(",") }[ids];
    const response = await fetch(url(conversationId, named), { headers: { cookie } });
    expect(response.status).toBe(status);
    expect(((await response.json()) as { error: { message: string } }).error.message).toBeTruthy();
  });
});
