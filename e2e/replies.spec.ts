// Replying from the thread in a real browser: text with the ticks advancing, a reply to one
// message, a private note, a canned reply, a failure with its reason and a retry, and a template
// once WhatsApp's window closed. Runs its own CareDesk (`next start` on a scratch SQLite database)
// sending to the local Messages API stand-in, which checks the JWT and posts signed statuses back.
import { createHash, randomBytes } from "node:crypto";
import sharp from "sharp";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import type { Page } from "@playwright/test";
import { hashPassword } from "../lib/auth/password";
import { PrismaClient } from "../lib/generated/sqlite/client";
import { createScratchDatabase, type ScratchDatabase } from "../test/support/scratch-database";
import { freePort, startCareDeskServer, type RunningServer } from "../test/support/start-server";
import { makeTempDirectory, type TempDirectory } from "../test/support/temp-directory";
import { createFakeApplication, type FakeApplication } from "../test/vonage-fake/application-keys";
import { buildInboundPayload } from "../test/vonage-fake/build-payloads";
import { startMessagesApiStandIn, type MessagesApiStandIn } from "../test/vonage-fake/messages-api";
import { sendWebhook } from "../test/vonage-fake/send-webhook";
import { expect as baseExpect, test } from "./fixtures";

// Room for a reply's three ticks, each 1.5 s after the last (below), on a shared machine.
const expect = baseExpect.configure({ timeout: 15_000 });

const agent = { email: "reply-agent@example.test", password: randomBytes(12).toString("base64url") };
const webhookTarget = { baseUrl: "", signatureSecret: randomBytes(16).toString("hex") };

let application: FakeApplication;
let vonage: MessagesApiStandIn;
let database: ScratchDatabase;
let server: RunningServer;
let db: PrismaClient;
let mediaDirectory: TempDirectory;

test.beforeAll(async () => {
  application = createFakeApplication();
  // Slow enough that each tick can be seen on its own: longer than the second Playwright leaves
  // between its later looks, once an expectation has waited a while (on a busy machine it does).
  vonage = await startMessagesApiStandIn({ applicationId: application.applicationId, publicKeyPem: application.publicKeyPem, statusWebhook: webhookTarget, statusDelayMs: 1_500 });
  database = await createScratchDatabase("sqlite", { prefix: "caredesk-e2e-replies" });
  mediaDirectory = makeTempDirectory("caredesk-e2e-replies-media");
  // Vonage fetches attachments from PUBLIC_URL: the port is chosen first.
  const port = await freePort();
  server = await startCareDeskServer({
    port,
    env: {
      DATABASE_URL: database.url,
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      MEDIA_ENCRYPTION_KEY: `e2e:${randomBytes(32).toString("base64")}`,
      MEDIA_STORAGE_URL: `file:${mediaDirectory.path}`,
      VONAGE_SIGNATURE_SECRET: webhookTarget.signatureSecret,
      VONAGE_APPLICATION_ID: application.applicationId,
      VONAGE_PRIVATE_KEY_PATH: application.privateKeyPath,
      VONAGE_API_HOST: vonage.url,
      AUTH_FAILURE_DELAY_MS: "0",
    },
  });
  webhookTarget.baseUrl = server.baseUrl;
  db = new PrismaClient({ adapter: new PrismaBetterSqlite3({ url: database.url.slice("file:".length) }) });
  await db.user.create({ data: { email: agent.email, name: "Sam Agent", role: "agent", passwordHash: await hashPassword(agent.password) } });
});

test.afterAll(async () => {
  await db?.$disconnect();
  await server?.stop();
  await vonage?.close();
  await database?.drop();
  await application?.remove();
  await mediaDirectory?.remove();
});

/** A customer writes in (at `at`); returns the conversation's id and the customer's number. */
async function customerWrites(text: string, at = new Date()): Promise<{ conversationId: string; address: string }> {
  const address = `4478${String(Date.now()).slice(-8)}`;
  const payload = buildInboundPayload({ channel: "whatsapp", messageType: "text", from: address, profileName: "Robin Customer", text, timestamp: at });
  expect((await sendWebhook(webhookTarget, "inbound", payload)).status).toBe(200);
  vonage.customerWrote("whatsapp", address, at);
  const message = await db.message.findUniqueOrThrow({ where: { messageUuid: String(payload.message_uuid) } });
  return { conversationId: message.conversationId, address };
}

async function openThread(page: Page, conversationId: string) {
  await page.goto(`${server.baseUrl}/login`);
  await page.getByLabel("Email").fill(agent.email);
  await page.getByLabel("Password").fill(agent.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/conversations/);
  await page.goto(`${server.baseUrl}/conversations/${conversationId}`);
  await expect(page.locator("html")).toHaveAttribute("data-live", "connected");
}

const bubble = (page: Page, text: string) => page.getByTestId("message").filter({ hasText: text });

test("an agent replies to one message and watches the ticks, writes a private note, and inserts a canned reply", async ({ page }) => {
  await db.cannedReply.upsert({ where: { shortcut: "thanks" }, create: { shortcut: "thanks", text: "Thanks for your patience!" }, update: {} });
  const customer = await customerWrites("My blender arrived broken.");
  await openThread(page, customer.conversationId);

  await bubble(page, "My blender arrived broken.").getByRole("button", { name: "Reply to this" }).click();
  await expect(page.getByText("Replying to: My blender arrived broken.")).toBeVisible();
  const box = page.getByLabel("Reply to the customer");
  await box.fill("Sorry about that:");
  await box.press("Shift+Enter");
  await box.pressSequentially("a new one ships today.");
  await box.press("Enter");
  const reply = bubble(page, "a new one ships today.");
  await expect(reply).toContainText("Replying to: My blender arrived broken.");
  await expect(reply.getByTestId("message-status")).toHaveText("· Sent ✓");
  await expect(reply.getByTestId("message-status")).toHaveText("· Delivered ✓✓");
  await expect(reply.getByTestId("message-status")).toHaveText("· Read ✓✓");
  const [sent] = vonage.accepted.filter((message) => message.body.to === customer.address);
  expect(sent!.body).toMatchObject({ text: "Sorry about that:\na new one ships today.", context: { message_uuid: expect.any(String) } });
  await expect(box).toHaveValue("");

  const requestsBefore = vonage.stats.requests;
  await page.getByRole("radio", { name: "Private note" }).click();
  await page.getByLabel("Private note", { exact: true }).fill("Second broken blender this month: escalate to QA.");
  await page.getByRole("button", { name: "Add note" }).click();
  await expect(bubble(page, "escalate to QA")).toContainText("Private note · Sam Agent");

  await page.getByRole("radio", { name: "Reply" }).click();
  await box.fill("/tha");
  await expect(page.getByRole("option", { name: /\/thanks/ })).toBeVisible();
  await box.press("Enter");
  await expect(box).toHaveValue("Thanks for your patience!");
  await box.press("Enter");
  await expect(bubble(page, "Thanks for your patience!").getByTestId("message-status")).toHaveText("· Read ✓✓");
  // The note never left: only the canned reply was sent since.
  expect(vonage.stats.requests).toBe(requestsBefore + 1);
});

test("a reply Vonage rejects shows why and is sent again with one click; after the window a template goes", async ({ page }) => {
  const customer = await customerWrites("Is my refund coming?");
  await openThread(page, customer.conversationId);
  vonage.answerNext({ rejectWith: { code: 1340, detail: "Outside of the allowed window - This message is sent outside of allowed response window." } });
  const box = page.getByLabel("Reply to the customer");
  await box.fill("Yes, within 3 days.");
  await box.press("Enter");
  const reply = bubble(page, "Yes, within 3 days.");
  await expect(reply.getByTestId("message-status")).toHaveText("· Failed");
  await expect(reply.getByTestId("delivery-reason")).toContainText("Outside the allowed window");
  await reply.getByRole("button", { name: "Retry" }).click();
  await expect(reply.getByTestId("message-status")).toHaveText("· Read ✓✓");
  await expect(reply.getByTestId("delivery-reason")).toHaveCount(0);

  await db.replyTemplate.create({ data: { name: "refund_update", locale: "en_GB", body: "Hi {{1}}, your refund of {{2}} is on its way.", parameters: ["Name", "Amount"] } });
  const quiet = await customerWrites("Hello?", new Date(Date.now() - 26 * 3600_000));
  await page.goto(`${server.baseUrl}/conversations/${quiet.conversationId}`);
  await expect(page.getByTestId("window-closed")).toContainText("More than 24 hours have passed");
  await expect(page.getByLabel("Reply to the customer")).toHaveCount(0);
  const form = page.getByRole("form", { name: "Send a template" });
  await form.getByLabel(/Name/).fill("Robin");
  await form.getByLabel(/Amount/).fill("£42");
  await form.getByRole("button", { name: "Send template" }).click();
  const template = bubble(page, "Hi Robin, your refund of £42 is on its way.");
  await expect(template).toContainText("Template refund_update (en_GB)");
  await expect(template.getByTestId("message-status")).toHaveText("· Read ✓✓");
});

test("an agent pastes a photo into the reply box and sends it with a caption; Vonage fetches the same bytes", async ({ page }) => {
  const customer = await customerWrites("Which label do I print?");
  await openThread(page, customer.conversationId);
  const photo = await sharp({ create: { width: 120, height: 80, channels: 3, background: "#2a6" } }).png().toBuffer();
  const box = page.getByLabel("Reply to the customer");
  await box.fill("This one:");
  // A paste carrying a file, as a screenshot tool puts it on the clipboard.
  await box.evaluate((element, bytes) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([new Uint8Array(bytes)], "label.png", { type: "image/png" }));
    element.dispatchEvent(new ClipboardEvent("paste", { clipboardData: transfer, bubbles: true, cancelable: true }));
  }, [...photo]);
  await expect(page.getByTestId("attachment")).toContainText("label.png");
  await box.press("Enter");
  const reply = bubble(page, "This one:");
  await expect(reply.getByTestId("message-status")).toHaveText("· Read ✓✓");
  await expect(reply.getByRole("img")).toBeVisible();
  const [sent] = vonage.accepted.filter((message) => message.body.to === customer.address);
  expect(sent!.body).toMatchObject({ message_type: "image", image: { caption: "This one:" } });
  expect(sent!.media?.sha256).toBe(createHash("sha256").update(photo).digest("hex"));
  await expect(page.getByTestId("attachment")).toHaveCount(0);
});
