// Inboxes and teams in a real browser: an admin creates two inboxes and two teams on their pages;
// an agent of team A never sees team B's customer (not in the list, not by search, not by a pasted
// thread or media URL, not live), until an admin assigns that conversation to them. Runs its own
// CareDesk (`next start` on a scratch SQLite database).
import { randomBytes } from "node:crypto";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import type { Page } from "@playwright/test";
import { hashPassword } from "../lib/auth/password";
import { PrismaClient } from "../lib/generated/sqlite/client";
import { createScratchDatabase, type ScratchDatabase } from "../test/support/scratch-database";
import { startCareDeskServer, type RunningServer } from "../test/support/start-server";
import { buildInboundPayload } from "../test/vonage-fake/build-payloads";
import { sendWebhook } from "../test/vonage-fake/send-webhook";
import { expect, test } from "./fixtures";

const admin = { email: "teams-admin@example.test", password: randomBytes(12).toString("base64url") };
const agent = { email: "teams-agent@example.test", password: randomBytes(12).toString("base64url") };
const target = { baseUrl: "", signatureSecret: randomBytes(16).toString("hex") };
const NUMBERS = { orders: "447700922001", deliveries: "447700922002" };

let database: ScratchDatabase;
let server: RunningServer;
let db: PrismaClient;

test.beforeAll(async () => {
  database = await createScratchDatabase("sqlite", { prefix: "caredesk-e2e-teams" });
  server = await startCareDeskServer({
    env: { DATABASE_URL: database.url, ADMIN_EMAIL: admin.email, ADMIN_PASSWORD: admin.password, VONAGE_SIGNATURE_SECRET: target.signatureSecret, AUTH_FAILURE_DELAY_MS: "0" },
  });
  target.baseUrl = server.baseUrl;
  db = new PrismaClient({ adapter: new PrismaBetterSqlite3({ url: database.url.slice("file:".length) }) });
  await db.user.create({ data: { email: agent.email, name: "Olive Orders", role: "agent", passwordHash: await hashPassword(agent.password) } });
});

test.afterAll(async () => {
  await db?.$disconnect();
  await server?.stop();
  await database?.drop();
});

async function signIn(page: Page, person: { email: string; password: string }) {
  await page.goto(`${server.baseUrl}/login`);
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password").fill(person.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/conversations/);
}

/** A customer writes to `to`, with a photo; returns the conversation and the photo's ids. */
async function customerWrites(to: string, profileName: string) {
  const payload = buildInboundPayload({ channel: "whatsapp", messageType: "image", from: `4479${String(Date.now()).slice(-8)}`, to, profileName, mediaIds: ["photo"] });
  expect((await sendWebhook(target, "inbound", payload)).status).toBe(200);
  const message = await db.message.findUniqueOrThrow({ where: { messageUuid: String(payload.message_uuid) }, include: { media: true } });
  return { conversationId: message.conversationId, mediaId: message.media[0]!.id, customer: String(payload.from) };
}

test("an agent of the orders team never sees the deliveries team's customer, until it is assigned to them", async ({ newIsolatedPage }) => {
  const adminPage = await newIsolatedPage();
  await signIn(adminPage, admin);
  await adminPage.goto(`${server.baseUrl}/admin/inboxes`);
  for (const [name, number] of [["Orders", NUMBERS.orders], ["Deliveries", NUMBERS.deliveries]] as const) {
    const form = adminPage.getByRole("form", { name: "Add an inbox" });
    await form.getByLabel("Name (e.g. WhatsApp orders)").fill(name);
    await form.getByLabel(/Numbers and channel ids/).fill(number);
    await form.getByRole("button", { name: "Add inbox" }).click();
    await expect(adminPage.getByText(`Added “${name}”`)).toBeVisible();
  }
  await adminPage.goto(`${server.baseUrl}/admin/teams`);
  for (const [team, inbox, people] of [["Orders team", "Orders", ["Olive Orders (teams-agent@example.test)"]], ["Deliveries team", "Deliveries", []]] as const) {
    const form = adminPage.getByRole("form", { name: "Add a team" });
    await form.getByLabel("Name").fill(team);
    await form.getByRole("group", { name: "Inboxes they handle" }).getByLabel(inbox, { exact: true }).check();
    for (const person of people) await form.getByRole("group", { name: "People" }).getByLabel(person).check();
    await form.getByRole("button", { name: "Add team" }).click();
    await expect(adminPage.getByText(`Added “${team}”`)).toBeVisible();
  }

  await customerWrites(NUMBERS.orders, "Oscar Orders");
  const theirs = await customerWrites(NUMBERS.deliveries, "Dana Deliveries");
  const agentPage = await newIsolatedPage();
  await signIn(agentPage, agent);
  const rows = agentPage.getByTestId("conversation-row");
  await expect(rows.filter({ hasText: "Oscar Orders" })).toBeVisible();
  await expect(rows.filter({ hasText: "Dana Deliveries" })).toHaveCount(0);

  await agentPage.goto(`${server.baseUrl}/conversations?q=${theirs.customer}`);
  await expect(rows).toHaveCount(0);
  const thread = await agentPage.goto(`${server.baseUrl}/conversations/${theirs.conversationId}`);
  expect(thread!.status()).toBe(404);
  const media = await agentPage.request.get(`${server.baseUrl}/api/media/${theirs.mediaId}`);
  expect(media.status()).toBe(404);

  // Live: the customer of the other team writes again; the agent's open list hears nothing of it.
  await agentPage.goto(`${server.baseUrl}/conversations`);
  await expect(agentPage.locator("html")).toHaveAttribute("data-live", "connected");
  await customerWrites(NUMBERS.deliveries, "Dana Deliveries");
  await customerWrites(NUMBERS.orders, "Oscar Orders");
  await expect(rows.filter({ hasText: "Oscar Orders" })).toHaveCount(1);
  await expect(rows.filter({ hasText: "Dana Deliveries" })).toHaveCount(0);

  // The admin hands the deliveries conversation to the agent: now it is theirs to see.
  await adminPage.goto(`${server.baseUrl}/conversations/${theirs.conversationId}`);
  await adminPage.getByLabel("Assign to").selectOption({ label: "Olive Orders" });
  await adminPage.getByRole("button", { name: "Assign", exact: true }).click();
  await expect(adminPage.getByText("Assignment saved.")).toBeVisible();
  await agentPage.goto(`${server.baseUrl}/conversations/${theirs.conversationId}`);
  await expect(agentPage.getByRole("heading", { name: "Dana Deliveries" })).toBeVisible();
  expect((await agentPage.request.get(`${server.baseUrl}/api/media/${theirs.mediaId}`)).status()).not.toBe(404);
});
