// Live updates between two agents in two browsers, and a tab that catches up after the server
// restarted. Runs its own CareDesk (`next start` on a scratch SQLite database) so it can restart it.
import { randomBytes, randomUUID } from "node:crypto";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import type { Page } from "@playwright/test";
import { hashPassword } from "../lib/auth/password";
import { PrismaClient } from "../lib/generated/sqlite/client";
import { createScratchDatabase, type ScratchDatabase } from "../test/support/scratch-database";
import { startCareDeskServer, type RunningServer } from "../test/support/start-server";
import { buildInboundPayload, buildStatusPayload } from "../test/vonage-fake/build-payloads";
import { sendWebhook } from "../test/vonage-fake/send-webhook";
import { expect, test } from "./fixtures";
import { actionMessage } from "./helpers";

/** What "within a second" allows on top, for the browser to paint and Playwright to look. */
const WITHIN_A_SECOND = 1_000;

const admin = { email: "live-admin@example.test", password: randomBytes(12).toString("base64url") };
const agent = { email: "live-agent@example.test", password: randomBytes(12).toString("base64url") };
const signatureSecret = randomBytes(16).toString("hex");
const env = (databaseUrl: string) => ({
  DATABASE_URL: databaseUrl,
  // The same secret across the restart: the tabs' session cookies stay valid.
  AUTH_SECRET: randomBytes(32).toString("base64url"),
  ADMIN_EMAIL: admin.email,
  ADMIN_PASSWORD: admin.password,
  VONAGE_SIGNATURE_SECRET: signatureSecret,
  VONAGE_API_KEY: "live-api-key",
  AUTH_FAILURE_DELAY_MS: "0",
});

let database: ScratchDatabase;
let server: RunningServer;
let serverEnv: Record<string, string>;
let db: PrismaClient;

test.beforeAll(async () => {
  database = await createScratchDatabase("sqlite", { prefix: "caredesk-e2e-live" });
  serverEnv = env(database.url);
  server = await startCareDeskServer({ env: serverEnv });
  db = new PrismaClient({ adapter: new PrismaBetterSqlite3({ url: database.url.slice("file:".length) }) });
  await db.user.create({ data: { email: agent.email, name: "Sam Agent", role: "agent", passwordHash: await hashPassword(agent.password) } });
});

test.afterAll(async () => {
  await db?.$disconnect();
  await server?.stop();
  await database?.drop();
});

const target = () => ({ baseUrl: server.baseUrl, signatureSecret, apiKey: "live-api-key" });

/** A customer writes in; returns the conversation's id. */
async function customerWrites(from: string, profileName: string, text: string): Promise<string> {
  const payload = buildInboundPayload({ channel: "whatsapp", messageType: "text", from, profileName, text });
  expect((await sendWebhook(target(), "inbound", payload)).status).toBe(200);
  return (await db.message.findUniqueOrThrow({ where: { messageUuid: String(payload.message_uuid) } })).conversationId;
}

async function signIn(page: Page, person: { email: string; password: string }): Promise<Page> {
  await page.goto(`${server.baseUrl}/login`);
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password").fill(person.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/conversations/);
  return page;
}

async function openThread(page: Page, conversationId: string) {
  await page.goto(`${server.baseUrl}/conversations/${conversationId}`);
  await expect(page.locator("html")).toHaveAttribute("data-live", "connected");
}

/** Waits for `locator`-like checks to pass within a second of `since`, and says how long it took. */
async function withinASecond(since: number, check: () => Promise<void>) {
  await check();
  expect(performance.now() - since, "shown within a second").toBeLessThan(WITHIN_A_SECOND);
}

test("a message, a status tick, an assignment and a resolve by one agent appear in the other's list and thread within a second", async ({ newIsolatedPage }) => {
  const customer = `4479${String(Date.now()).slice(-8)}`;
  const conversationId = await customerWrites(customer, "Ada Live", "My order never arrived");
  const outbound = await db.message.create({
    data: {
      messageUuid: randomUUID(),
      conversationId,
      direction: "outbound",
      channel: "whatsapp",
      messageType: "text",
      fromAddress: "447700900200",
      toAddress: customer,
      text: "We are on it.",
      rawPayload: "{}",
      sentAt: new Date(),
      status: "submitted",
      statusAt: new Date(Date.now() - 60_000),
    },
  });
  const [adminPage, agentPage] = [await signIn(await newIsolatedPage(), admin), await signIn(await newIsolatedPage(), agent)];
  await openThread(adminPage, conversationId);
  await openThread(agentPage, conversationId);
  const agentRow = agentPage.getByTestId("conversation-row").filter({ hasText: "Ada Live" });
  const agentThread = agentPage.getByRole("list", { name: "Messages" });

  // A message from the customer: in both lists and both threads.
  const text = `Any news? ${randomUUID().slice(0, 8)}`;
  let since = performance.now();
  await customerWrites(customer, "Ada Live", text);
  await withinASecond(since, async () => {
    await expect(agentThread.getByText(text)).toBeVisible({ timeout: WITHIN_A_SECOND });
    await expect(agentRow).toContainText(text, { timeout: WITHIN_A_SECOND });
  });
  await expect(adminPage.getByRole("list", { name: "Messages" }).getByText(text)).toBeVisible();

  // A status tick on the business's reply.
  const reply = agentThread.getByTestId("message").filter({ hasText: "We are on it." });
  await expect(reply.getByTestId("message-status")).toHaveText("· Sent");
  since = performance.now();
  expect((await sendWebhook(target(), "status", buildStatusPayload({ messageUuid: outbound.messageUuid!, status: "read" }))).status).toBe(200);
  await withinASecond(since, () => expect(reply.getByTestId("message-status")).toHaveText("· Read", { timeout: WITHIN_A_SECOND }));

  // The admin takes the conversation.
  await adminPage.getByRole("button", { name: "Assign to me" }).click();
  since = performance.now();
  await expect(actionMessage(adminPage)).toHaveText("Assignment saved.");
  await withinASecond(since, async () => {
    await expect(agentRow).toContainText(admin.email, { timeout: WITHIN_A_SECOND });
    await expect(agentPage.getByLabel("Assign to")).toHaveValue(/.+/, { timeout: WITHIN_A_SECOND });
  });

  // And resolves it: the agent's thread says so, and their list of open conversations lets it go.
  await adminPage.getByRole("button", { name: "Resolve" }).click();
  since = performance.now();
  await expect(actionMessage(adminPage)).toHaveText("Resolved.");
  await withinASecond(since, async () => {
    await expect(agentPage.getByRole("button", { name: "Reopen" })).toBeVisible({ timeout: WITHIN_A_SECOND });
    await expect(agentRow).toHaveCount(0, { timeout: WITHIN_A_SECOND });
  });
});

test("a tab whose stream was cut by a server restart shows the messages that arrived while it was away", async ({ page: tab }) => {
  const customer = `4478${String(Date.now()).slice(-8)}`;
  const conversationId = await customerWrites(customer, "Bo Restart", "Hello before the restart");
  // Read already: opening it then sends no mark-read, whose refresh could still be on its way when
  // the server stops (a refresh that fails makes Next load the whole page again).
  const { id: userId } = await db.user.findUniqueOrThrow({ where: { email: agent.email }, select: { id: true } });
  await db.conversationRead.create({ data: { conversationId, userId, readAt: new Date() } });
  const page = await signIn(tab, agent);
  await openThread(page, conversationId);
  await page.evaluate(() => ((window as unknown as { marker: string }).marker = "same page"));

  // The stream cannot come back until the test lets it: what arrives meanwhile is missed live.
  await page.route("**/api/events**", (route) => route.abort());
  await server.stop();
  await expect(page.locator("html")).toHaveAttribute("data-live", "reconnecting");
  server = await startCareDeskServer({ env: serverEnv, port: server.port });
  const away = [`While you were away ${randomUUID().slice(0, 8)}`, `And again ${randomUUID().slice(0, 8)}`];
  for (const text of away) await customerWrites(customer, "Bo Restart", text);
  const newcomer = `New customer ${randomUUID().slice(0, 8)}`;
  await customerWrites(`4477${String(Date.now()).slice(-8)}`, "Cy Newcomer", newcomer);
  await page.waitForTimeout(1_500);
  await expect(page.getByRole("list", { name: "Messages" }).getByText(away[0]!)).toHaveCount(0);

  await page.unroute("**/api/events**");
  await expect(page.locator("html")).toHaveAttribute("data-live", "connected", { timeout: 15_000 });
  for (const text of away) await expect(page.getByRole("list", { name: "Messages" }).getByText(text)).toBeVisible();
  await expect(page.getByTestId("conversation-row").filter({ hasText: newcomer })).toBeVisible();
  // Caught up in place, not by reloading the page.
  expect(await page.evaluate(() => (window as unknown as { marker?: string }).marker)).toBe("same page");
});
