// Several Vonage accounts and applications behind one webhook URL, on both databases, over real
// HTTP: an admin adds three inboxes (two applications of account A, one of account B) on the
// inboxes page; each webhook is verified with the secret of the account its token names and
// routed to its inbox; a token naming the other account is refused; a reply goes out signed with
// its inbox's own key (the stand-in accepts only that application's).
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTestMasterKey } from "@/test/support/archive-for-test";
import { createTestUser, TEST_PASSWORD, uniqueCustomerNumber } from "@/test/support/factories";
import { mustSignIn } from "@/test/support/http-session";
import { postgresServerUrl, testedProviders } from "@/test/support/providers";
import { submitActionForm } from "@/test/support/submit-action-form";
import { startWebhookStack, type WebhookStack } from "@/test/support/webhook-stack";
import { createFakeApplication, type FakeApplication } from "@/test/vonage-fake/application-keys";
import { buildInboundPayload } from "@/test/vonage-fake/build-payloads";
import { startMessagesApiStandIn, type MessagesApiStandIn } from "@/test/vonage-fake/messages-api";
import { sendWebhook } from "@/test/vonage-fake/send-webhook";
import { signWebhook } from "@/test/vonage-fake/sign-webhook";

const accountA = { apiKey: "accounta1", signatureSecret: randomBytes(16).toString("hex") };
const accountB = { apiKey: "accountb2", signatureSecret: randomBytes(16).toString("hex") };

describe.each(testedProviders)("inboxes with their own Vonage applications on %s", (provider) => {
  let stack: WebhookStack;
  let vonage: MessagesApiStandIn;
  let adminCookie: string;
  const applications: Record<"a1" | "a2" | "b1", FakeApplication> = {} as never;
  const numbers = { a1: uniqueCustomerNumber(), a2: uniqueCustomerNumber(), b1: uniqueCustomerNumber() };
  const inboxIds = {} as Record<"a1" | "a2" | "b1", string>;

  /** A customer writes to `to`, the webhook signed as `account` (naming `namedApiKey`, its own unless given). */
  async function customerWrites(to: string, account: { apiKey: string; signatureSecret: string }, options: { namedApiKey?: string; applicationId?: string } = {}) {
    const payload = buildInboundPayload({ channel: "whatsapp", messageType: "text", from: uniqueCustomerNumber(), to });
    const body = JSON.stringify(payload);
    const token = signWebhook(body, { signatureSecret: account.signatureSecret, apiKey: options.namedApiKey ?? account.apiKey, applicationId: options.applicationId });
    const response = await sendWebhook(stack.target, "inbound", payload, { body, headers: { authorization: `Bearer ${token}` } });
    const message = response.status === 200 ? await stack.db.message.findUnique({ where: { messageUuid: String(payload.message_uuid) }, include: { conversation: true } }) : null;
    return { status: response.status, conversation: message?.conversation ?? null };
  }

  beforeAll(async () => {
    applications.a1 = createFakeApplication();
    applications.a2 = createFakeApplication();
    applications.b1 = createFakeApplication();
    vonage = await startMessagesApiStandIn({ applicationId: applications.b1.applicationId, publicKeyPem: applications.b1.publicKeyPem });
    stack = await startWebhookStack({ provider, postgresServerUrl, env: { MEDIA_ENCRYPTION_KEY: makeTestMasterKey("inboxes").envValue, VONAGE_API_HOST: vonage.url } });
    const admin = await createTestUser(stack.db, { role: "admin" });
    adminCookie = await mustSignIn(stack.server.baseUrl, admin.email, TEST_PASSWORD);
    const add = (name: string, key: "a1" | "a2" | "b1", account: { apiKey: string; signatureSecret: string }) =>
      submitActionForm(stack.server.baseUrl, "/admin/inboxes", {
        cookie: adminCookie,
        formContaining: "Add inbox",
        fields: { name, addresses: `+${numbers[key]}`, applicationId: applications[key].applicationId, apiKey: account.apiKey, signatureSecret: account.signatureSecret, privateKey: applications[key].privateKeyPem },
      });
    for (const [name, key, account] of [["A one", "a1", accountA], ["A two", "a2", accountA], ["B one", "b1", accountB]] as const) {
      const added = await add(name, key, account);
      expect(added.html).toContain(`Added “${name}”`);
      inboxIds[key] = (await stack.db.inbox.findFirstOrThrow({ where: { name } })).id;
    }
  });
  afterAll(async () => {
    await stack?.stop();
    await vonage?.close();
    await Promise.all(Object.values(applications).map((application) => application.remove()));
  });

  it("keeps the secrets sealed: not in the database as typed, never on the page", async () => {
    const stored = await stack.db.inbox.findUniqueOrThrow({ where: { id: inboxIds.b1 } });
    expect(stored).toMatchObject({ applicationId: applications.b1.applicationId, apiKey: accountB.apiKey, secretsKeyId: "inboxes" });
    expect(JSON.stringify(stored)).not.toContain(accountB.signatureSecret);
    expect(JSON.stringify(stored)).not.toContain("PRIVATE KEY");
    const page = await (await fetch(`${stack.server.baseUrl}/admin/inboxes`, { headers: { cookie: adminCookie } })).text();
    expect(page).toContain(applications.b1.applicationId);
    expect(page).not.toContain(accountB.signatureSecret);
    expect(page).not.toContain("PRIVATE KEY");
  });

  it("verifies each webhook with its account's secret and routes it to the inbox serving its number", async () => {
    expect((await customerWrites(numbers.a1, accountA)).conversation?.inboxId).toBe(inboxIds.a1);
    expect((await customerWrites(numbers.a2, accountA)).conversation?.inboxId).toBe(inboxIds.a2);
    expect((await customerWrites(numbers.b1, accountB)).conversation?.inboxId).toBe(inboxIds.b1);
    // The environment's account still works beside them.
    expect((await customerWrites(uniqueCustomerNumber(), { apiKey: stack.target.apiKey, signatureSecret: stack.target.signatureSecret })).status).toBe(200);
  });

  it("refuses a webhook signed with one account's secret that names the other's API key", async () => {
    expect((await customerWrites(numbers.b1, accountA, { namedApiKey: accountB.apiKey })).status).toBe(401);
    expect((await customerWrites(numbers.a1, accountB, { namedApiKey: accountA.apiKey })).status).toBe(401);
    expect((await customerWrites(numbers.a1, { apiKey: "unknown99", signatureSecret: accountA.signatureSecret })).status).toBe(401);
  });

  it("routes a number no inbox lists by the token's application_id, when Vonage includes it", async () => {
    const written = await customerWrites(uniqueCustomerNumber(), accountA, { applicationId: applications.a2.applicationId });
    expect(written.conversation?.inboxId).toBe(inboxIds.a2);
  });

  it("sends a reply from the inbox's own application", async () => {
    const written = await customerWrites(numbers.b1, accountB);
    expect(written.status, "the customer's webhook").toBe(200);
    const { conversation } = written;
    const reply = await submitActionForm(stack.server.baseUrl, `/conversations/${conversation!.id}`, { cookie: adminCookie, formContaining: 'name="mode"', fields: { text: "From brand B" } });
    expect(reply.status).toBe(200);
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && !vonage.accepted.some((message) => message.body.text === "From brand B")) await new Promise((resolve) => setTimeout(resolve, 100));
    // The stand-in takes only application B1's JWT: a reply signed with another key would be a 401.
    expect(vonage.accepted.filter((message) => message.body.text === "From brand B")).toHaveLength(1);
    expect((await stack.db.message.findFirstOrThrow({ where: { conversationId: conversation!.id, direction: "outbound" } })).sendState).toBe("accepted");
  });
});
