// Replies end to end on both databases: the composer's form over real HTTP, the outbox, the
// sender in a real `next start`, the local Messages API stand-in (JWT checked, problem+json,
// status webhooks signed) and the status webhooks back. What is proven: a reply is written before
// it is sent and sent once, whatever is submitted twice, retried, timed out or restarted.
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reloadEnv } from "@/lib/env";
import { signOutboundMediaUrl } from "@/lib/replies/outbound-media-url";
import { createTestUser, TEST_PASSWORD } from "@/test/support/factories";
import { mustSignIn, signOutOverHttp } from "@/test/support/http-session";
import { postgresServerUrl, testedProviders } from "@/test/support/providers";
import { startReplyStack, type ReplyStack } from "@/test/support/reply-stack";
import { submitActionForm, submitActionFormAtOnce } from "@/test/support/submit-action-form";
import { buildStatusPayload } from "@/test/vonage-fake/build-payloads";
import { sendWebhook } from "@/test/vonage-fake/send-webhook";

const HOUR = 3600_000;

/** Runs `read` with this process's environment set as the server's (same keys, same PUBLIC_URL). */
async function withServerEnv<T>(stack: ReplyStack, read: () => T): Promise<T> {
  const previous = { ...process.env };
  Object.assign(process.env, stack.serverEnv);
  reloadEnv();
  try {
    return read();
  } finally {
    for (const name of Object.keys(stack.serverEnv)) {
      if (previous[name] === undefined) delete process.env[name];
      else process.env[name] = previous[name];
    }
    reloadEnv();
  }
}

async function waitFor<T>(read: () => Promise<T>, isDone: (value: T) => boolean, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (isDone(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: last saw ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.each(testedProviders)("replies on %s", (provider) => {
  let stack: ReplyStack;
  beforeAll(async () => {
    stack = await startReplyStack({ provider, postgresServerUrl });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const replies = (conversationId: string) => stack.db.message.findMany({ where: { conversationId, direction: "outbound" }, orderBy: { sentAt: "asc" } });
  const sentTo = (address: string) => stack.vonage.accepted.filter((message) => message.body.to === address);

  it("sends a reply submitted twice at once exactly once, quoting the customer's message, and follows it to read", async () => {
    const customer = await stack.customerWrites();
    const fields = { text: "Sorry about the parcel: a replacement is on its way.", replyToMessageId: customer.messageId };
    const [first, second] = await submitActionFormAtOnce(stack.server.baseUrl, `/conversations/${customer.conversationId}`, { cookie: stack.agentCookie, formContaining: 'name="mode"', fields }, 2);
    expect([first!.status, second!.status]).toEqual([200, 200]);
    const [reply] = await waitFor(() => replies(customer.conversationId), (rows) => rows[0]?.status === "read", "the reply to be read");
    expect(await replies(customer.conversationId)).toHaveLength(1);
    expect(sentTo(customer.address)).toHaveLength(1);
    const [sent] = sentTo(customer.address);
    expect(sent!.body).toMatchObject({ channel: "whatsapp", message_type: "text", text: fields.text, client_ref: reply!.id, context: { message_uuid: expect.any(String) } });
    expect(reply).toMatchObject({ messageUuid: sent!.messageUuid, sendState: "accepted", authorId: stack.agent.id, sendError: null });
    expect(await stack.db.auditEvent.count({ where: { action: "reply.sent", targetId: customer.conversationId } })).toBe(1);
  });

  it("retries after a 500 and sends one message", async () => {
    const customer = await stack.customerWrites();
    stack.vonage.answerNext({ status: 500 });
    const requestsBefore = stack.vonage.stats.requests;
    await stack.compose(customer.conversationId, { text: "Checking on it now." });
    const [reply] = await waitFor(() => replies(customer.conversationId), (rows) => rows[0]?.sendState === "accepted", "the reply to be accepted");
    expect(reply!.sendAttempts).toBe(2);
    expect(stack.vonage.stats.requests - requestsBefore).toBe(2);
    expect(sentTo(customer.address)).toHaveLength(1);
  });

  it("waits out a 429's Retry-After before sending again", async () => {
    const customer = await stack.customerWrites();
    stack.vonage.answerNext({ status: 429, retryAfterSeconds: 3 });
    const submittedAt = Date.now();
    await stack.compose(customer.conversationId, { text: "One moment please." });
    const [reply] = await waitFor(() => replies(customer.conversationId), (rows) => rows[0]?.sendState === "accepted", "the reply to be accepted");
    expect(sentTo(customer.address)[0]!.acceptedAt.getTime() - submittedAt).toBeGreaterThanOrEqual(3000);
    expect(reply!.sendAttempts).toBe(2);
  });

  it("does not resend a reply whose answer timed out after Vonage took it: its status webhooks settle it by client_ref", async () => {
    const customer = await stack.customerWrites();
    stack.vonage.answerNext({ acceptAfterMs: 5_000 });
    await stack.compose(customer.conversationId, { text: "Your refund is approved." });
    const [reply] = await waitFor(() => replies(customer.conversationId), (rows) => rows[0]?.status === "read", "the statuses to settle the reply");
    expect(reply!.messageUuid).toBe(sentTo(customer.address)[0]!.messageUuid);
    expect(reply!.sendState).toBe("accepted");
    // Well past the slow answer and a few polls: still one message.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(sentTo(customer.address)).toHaveLength(1);
    expect((await replies(customer.conversationId))[0]!.sendAttempts).toBe(1);
  });

  it("shows Vonage's reason for a reply rejected outside the window, and one click sends it again", async () => {
    // CareDesk saw the customer write recently, but Vonage's record says otherwise: Vonage decides.
    const customer = await stack.customerWrites();
    stack.vonage.answerNext({ rejectWith: { code: 1340, detail: "Outside of the allowed window - This message is sent outside of allowed response window." } });
    await stack.compose(customer.conversationId, { text: "Are you still there?" });
    const [rejected] = await waitFor(() => replies(customer.conversationId), (rows) => rows[0]?.status === "rejected", "the rejection");
    expect(rejected!.sendError).toMatch(/Outside the allowed window.*1340/);
    const page = await (await fetch(`${stack.server.baseUrl}/conversations/${customer.conversationId}`, { headers: { cookie: stack.agentCookie } })).text();
    expect(page).toContain("Outside the allowed window");

    const retried = await fetchRetry(stack, customer.conversationId, rejected!.id);
    expect(retried).toBe(200);
    const [delivered] = await waitFor(() => replies(customer.conversationId), (rows) => rows[0]?.status === "read", "the retried reply to be read");
    expect(delivered!.id).toBe(rejected!.id);
    expect(delivered!.sendError).toBeNull();
    // A retry starts a fresh count of tries, so it gets every backoff again.
    expect(delivered!.sendAttempts).toBe(1);
    expect(sentTo(customer.address)).toHaveLength(2);
    expect(await stack.db.auditEvent.count({ where: { action: "reply.retried", targetId: customer.conversationId } })).toBe(1);
  });

  it("refuses a free-form WhatsApp reply once the window closed, saying why; a template still goes", async () => {
    const customer = await stack.customerWrites({ at: new Date(Date.now() - 25 * HOUR) });
    const template = await stack.db.replyTemplate.create({ data: { name: "order_update", locale: "en_GB", body: "Hi {{1}}, order {{2}} has shipped.", parameters: ["Name", "Order"] } });
    // The page offers only the template form; a free-form reply posted anyway is refused with the reason.
    const refused = await stack.compose(customer.conversationId, { mode: "reply", text: "Hello again" });
    expect(refused.html).toContain("More than 24 hours have passed");
    expect(await replies(customer.conversationId)).toHaveLength(0);

    const page = await (await fetch(`${stack.server.baseUrl}/conversations/${customer.conversationId}`, { headers: { cookie: stack.agentCookie } })).text();
    expect(page).toContain("order_update (en_GB)");
    const response = await submitTemplate(stack, customer.conversationId, template.id, ["Sam", "A-1001"]);
    expect(response.status).toBe(200);
    const [sent] = await waitFor(() => replies(customer.conversationId), (rows) => rows[0]?.status === "read", "the template to be read");
    expect(sent!.text).toBe("Hi Sam, order A-1001 has shipped.");
    expect(sentTo(customer.address)[0]!.body).toMatchObject({ message_type: "template", template: { name: "order_update", parameters: ["Sam", "A-1001"] }, whatsapp: { policy: "deterministic", locale: "en_GB" } });
  });

  it("keeps a private note from Vonage", async () => {
    const customer = await stack.customerWrites();
    const requestsBefore = stack.vonage.stats.requests;
    await stack.compose(customer.conversationId, { mode: "note", text: "Customer called too; refund approved by Kim." });
    const note = await stack.db.message.findFirstOrThrow({ where: { conversationId: customer.conversationId, direction: "note" } });
    expect(note).toMatchObject({ text: "Customer called too; refund approved by Kim.", sendState: null, messageUuid: null, authorId: stack.agent.id });
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(stack.vonage.stats.requests).toBe(requestsBefore);
    expect(await stack.db.auditEvent.count({ where: { action: "note.added", targetId: customer.conversationId } })).toBe(1);
  });

  it("gives a reason for a rejection whose error arrives in an unexpected shape", async () => {
    const customer = await stack.customerWrites();
    await stack.compose(customer.conversationId, { text: "Hello" });
    const [reply] = await waitFor(() => replies(customer.conversationId), (rows) => rows[0]?.status === "read", "the reply");
    const payload = { ...buildStatusPayload({ messageUuid: reply!.messageUuid!, status: "rejected", timestamp: new Date(Date.now() + 60_000) }), error: { error: { code: 1382, reason: "unsupported type" } } };
    expect((await sendWebhook(stack.webhookTarget, "status", payload)).status).toBe(200);
    const [rejected] = await waitFor(() => replies(customer.conversationId), (rows) => rows[0]?.status === "rejected", "the rejection");
    expect(rejected!.sendError).toBe("This channel does not accept the attachment's file type. unsupported type (Vonage error 1382)");
  });

  it("sends a photo: stored encrypted, fetched by Vonage at its signed URL byte for byte; the link refuses a changed signature and an expired one", async () => {
    const customer = await stack.customerWrites();
    const photo = await sharp({ create: { width: 64, height: 48, channels: 3, background: "#c33" } }).jpeg().toBuffer();
    await stack.compose(customer.conversationId, { text: "Here is the label to print.", attachment: new File([photo], "label.jpg", { type: "image/jpeg" }) });
    const [reply] = await waitFor(() => replies(customer.conversationId), (rows) => rows[0]?.status === "read", "the photo reply to be read");
    const [sent] = sentTo(customer.address);
    expect(sent!.body).toMatchObject({ message_type: "image", image: { caption: "Here is the label to print.", url: expect.stringMatching(/\/api\/outbound-media\//) } });
    expect(sent!.media).toMatchObject({ status: 200, contentType: "image/jpeg", bytes: photo.length, sha256: createHash("sha256").update(photo).digest("hex") });
    const item = await stack.db.mediaItem.findFirstOrThrow({ where: { messageId: reply!.id }, include: { files: { where: { variant: "original" } } } });
    expect(item).toMatchObject({ kind: "image", archiveState: "archived", fileName: "label.jpg" });
    // At rest it is not the photo.
    const stored = await readFile(path.join(new URL(stack.serverEnv.MEDIA_STORAGE_URL!).pathname, item.files[0]!.storageKey));
    expect(stored.includes(photo.subarray(0, 64))).toBe(false);

    const url = new URL((sent!.body.image as { url: string }).url);
    const valid = await fetch(url, { redirect: "manual" });
    expect(valid.status).toBe(200);
    expect(Buffer.from(await valid.arrayBuffer()).equals(photo)).toBe(true);
    const tampered = new URL(url);
    // One character changed (a signature that began with "A" would otherwise stay as it was: 1 in 64).
    const signature = url.searchParams.get("signature")!;
    tampered.searchParams.set("signature", `${signature.startsWith("A") ? "B" : "A"}${signature.slice(1)}`);
    expect((await fetch(tampered, { redirect: "manual" })).status).toBe(403);
    const longer = new URL(url);
    longer.searchParams.set("expires", String(Number(url.searchParams.get("expires")) + 3600));
    expect((await fetch(longer, { redirect: "manual" })).status).toBe(403);
    const expired = await withServerEnv(stack, () => signOutboundMediaUrl(item.id, new Date(Date.now() - 2 * HOUR)));
    const refused = await fetch(expired, { redirect: "manual" });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain("not valid, or has expired");
    // A customer's own media is never reachable this way, signed or not.
    const inbound = await withServerEnv(stack, () => signOutboundMediaUrl(customer.messageId));
    expect((await fetch(inbound, { redirect: "manual" })).status).toBe(404);
  });

  it("refuses an attachment the channel does not take, saying what it takes", async () => {
    const customer = await stack.customerWrites({ channel: "mms" });
    const result = await stack.compose(customer.conversationId, { text: "", attachment: new File([Buffer.from("%PDF-1.4")], "invoice.pdf", { type: "application/pdf" }) });
    expect(result.html.replace(/&#x27;/g, "'")).toContain(
      "This file's type (application/pdf) cannot be sent here. This channel takes JPEG, PNG or GIF images up to 5 MB; MP3 audio up to 5 MB; MP4 video up to 5 MB.",
    );
    expect(await replies(customer.conversationId)).toHaveLength(0);
    expect(await stack.db.mediaItem.count({ where: { message: { conversationId: customer.conversationId } } })).toBe(0);
  });

  it("lets no one signed out or disabled send", async () => {
    const customer = await stack.customerWrites();
    const colleague = await createTestUser(stack.db);
    const colleagueCookie = await mustSignIn(stack.server.baseUrl, colleague.email, TEST_PASSWORD);
    const page = await fetch(`${stack.server.baseUrl}/conversations/${customer.conversationId}`, { headers: { cookie: colleagueCookie } });
    expect(page.status).toBe(200);
    await stack.db.user.update({ where: { id: colleague.id }, data: { isDisabled: true, sessionVersion: { increment: 1 } } });
    await stack.compose(customer.conversationId, { text: "from a disabled account" }, colleagueCookie).catch(() => undefined);
    const signedOut = await createTestUser(stack.db);
    const signedOutCookie = await mustSignIn(stack.server.baseUrl, signedOut.email, TEST_PASSWORD);
    await signOutOverHttp(stack.server.baseUrl, signedOutCookie);
    await stack.compose(customer.conversationId, { text: "after signing out" }, signedOutCookie).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await replies(customer.conversationId)).toHaveLength(0);
    expect(sentTo(customer.address)).toHaveLength(0);
  });

  it("sends a reply left in the outbox when the server stopped, once, after it starts again; one interrupted mid-send is not resent", async () => {
    const customer = await stack.customerWrites();
    await stack.server.stop();
    const now = new Date();
    const base = { conversationId: customer.conversationId, direction: "outbound", channel: "whatsapp", messageType: "text", fromAddress: "447700900998", toAddress: customer.address, sentAt: now, receivedAt: now, authorId: stack.agent.id };
    const body = (id: string, text: string) => JSON.stringify({ channel: "whatsapp", message_type: "text", to: customer.address, from: "447700900998", client_ref: id, text });
    await stack.db.message.create({ data: { ...base, id: "cqueuedreply0000000000001", text: "queued", clientRef: "cqueuedreply0000000000001", rawPayload: body("cqueuedreply0000000000001", "queued"), sendState: "queued" } });
    await stack.db.message.create({
      data: { ...base, id: "cinterrupted0000000000001", text: "interrupted", clientRef: "cinterrupted0000000000001", rawPayload: body("cinterrupted0000000000001", "interrupted"), sendState: "sending", sendAttempts: 1, sendLeaseUntil: new Date(now.getTime() - 1000) },
    });
    await stack.restart();
    stack.webhookTarget.baseUrl = stack.server.baseUrl;
    await waitFor(() => stack.db.message.findUniqueOrThrow({ where: { id: "cqueuedreply0000000000001" } }), (row) => row.status === "read", "the queued reply to be read");
    const interrupted = await waitFor(() => stack.db.message.findUniqueOrThrow({ where: { id: "cinterrupted0000000000001" } }), (row) => row.sendState === "unknown", "the interrupted reply to wait for Vonage");
    expect(interrupted.sendNextAttemptAt!.getTime()).toBeGreaterThan(Date.now() + 10 * 60_000);
    expect(sentTo(customer.address).map((message) => message.body.text)).toEqual(["queued"]);
  });
});

function fetchRetry(stack: ReplyStack, conversationId: string, messageId: string): Promise<number> {
  return submitActionForm(stack.server.baseUrl, `/conversations/${conversationId}`, { cookie: stack.agentCookie, formContaining: `value="${messageId}"`, fields: {} }).then((result) => result.status);
}

function submitTemplate(stack: ReplyStack, conversationId: string, templateId: string, parameters: string[]) {
  return submitActionForm(stack.server.baseUrl, `/conversations/${conversationId}`, { cookie: stack.agentCookie, formContaining: 'value="template"', fields: { templateId, parameters } });
}
