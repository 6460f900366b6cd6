// Triage in a real browser, at a laptop's and a phone's size: an admin makes a label; an agent
// labels a conversation, sets its priority, snoozes it until a few seconds ahead (it comes back by
// itself, "Snooze ended" in the thread), sets it pending and resolves it, each change a line between
// the messages; filters the inbox by Pending, Snoozed and the label; and resolves two conversations
// in one step. Every page is photographed and checked by axe. Runs its own CareDesk (`next start`
// on a scratch SQLite database) whose snooze waker looks every second.
import { randomBytes, randomUUID } from "node:crypto";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import type { Page, TestInfo } from "@playwright/test";
import { hashPassword } from "../lib/auth/password";
import { PrismaClient } from "../lib/generated/sqlite/client";
import { createScratchDatabase, type ScratchDatabase } from "../test/support/scratch-database";
import { startCareDeskServer, type RunningServer } from "../test/support/start-server";
import { buildInboundPayload } from "../test/vonage-fake/build-payloads";
import { sendWebhook } from "../test/vonage-fake/send-webhook";
import { expect as baseExpect, test } from "./fixtures";
import { expectNoSeriousAxeViolations, expectWindowNotToScroll } from "./helpers";

// The machine running browser tests is shared: give each check room, never a time to beat.
const expect = baseExpect.configure({ timeout: 15_000 });

const SIZES = [
  { name: "desktop", width: 1280, height: 800 },
  { name: "phone", width: 390, height: 844 },
] as const;

const admin = { email: "triage-admin@example.test", password: randomBytes(12).toString("base64url") };
const agent = { email: "triage-agent@example.test", password: randomBytes(12).toString("base64url"), name: "Sam Triage" };
const target = { baseUrl: "", signatureSecret: randomBytes(16).toString("hex") };

let database: ScratchDatabase;
let server: RunningServer;
let db: PrismaClient;

test.beforeAll(async () => {
  // Two servers start on a shared machine (Playwright's and this spec's own).
  test.setTimeout(120_000);
  database = await createScratchDatabase("sqlite", { prefix: "caredesk-e2e-triage" });
  server = await startCareDeskServer({
    env: {
      DATABASE_URL: database.url,
      ADMIN_EMAIL: admin.email,
      ADMIN_PASSWORD: admin.password,
      VONAGE_SIGNATURE_SECRET: target.signatureSecret,
      AUTH_FAILURE_DELAY_MS: "0",
      SNOOZE_CHECK_SECONDS: "1",
    },
  });
  target.baseUrl = server.baseUrl;
  db = new PrismaClient({ adapter: new PrismaBetterSqlite3({ url: database.url.slice("file:".length) }) });
  await db.user.create({ data: { email: agent.email, name: agent.name, role: "agent", passwordHash: await hashPassword(agent.password) } });
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

/** A customer of their own writes in; returns their name and the conversation's id. */
async function customerWrites(word: string) {
  const name = `${word} ${randomUUID().slice(0, 6)}`;
  const payload = buildInboundPayload({ channel: "whatsapp", messageType: "text", from: `4479${String(Date.now()).slice(-6)}${String(Math.floor(Math.random() * 100)).padStart(2, "0")}`, profileName: name, text: `Hello, this is ${name}: where is my parcel?` });
  expect((await sendWebhook(target, "inbound", payload)).status).toBe(200);
  const message = await db.message.findUniqueOrThrow({ where: { messageUuid: String(payload.message_uuid) } });
  return { name, id: message.conversationId };
}

async function photograph(page: Page, testInfo: TestInfo, name: string) {
  await expectWindowNotToScroll(page);
  await page.screenshot({ path: testInfo.outputPath(`${name}.png`) });
  await expectNoSeriousAxeViolations(page);
}

/** The local date and time `seconds` from now, as a datetime-local field takes it, in the browser's zone. */
function localTimeFromNow(page: Page, seconds: number): Promise<string> {
  return page.evaluate((ahead) => {
    const date = new Date(Date.now() + ahead * 1000);
    const pad = (value: number) => String(value).padStart(2, "0");
    return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
  }, seconds);
}

for (const size of SIZES) {
  test.describe(`at ${size.width}×${size.height}`, () => {
    test.use({ viewport: { width: size.width, height: size.height } });

    test("an admin makes a label; an agent labels, prioritises, snoozes, sets pending and resolves, filters, and resolves two at once", async ({ page, newIsolatedPage }, testInfo) => {
      test.setTimeout(240_000);
      const isPhone = size.name === "phone";
      const labelName = `Refund ${randomUUID().slice(0, 4)}`;

      // The admin adds the label.
      await signIn(page, admin);
      await page.goto(`${server.baseUrl}/admin/labels`);
      await expect(page.getByRole("heading", { level: 1, name: "Labels" })).toBeVisible();
      const addForm = page.getByRole("form", { name: "Add a label" });
      await addForm.getByLabel("Name").fill(labelName);
      await addForm.getByRole("radio", { name: "red" }).check();
      await addForm.getByRole("button", { name: "Add label" }).click();
      await expect(page.getByRole("status").filter({ hasText: `Added “${labelName}”` })).toBeVisible();
      await expect(page.getByTestId(`label-${labelName}`).getByTestId("label-chip")).toHaveText(labelName);
      await photograph(page, testInfo, `labels-admin-${size.name}`);

      const first = await customerWrites("Priya");
      const second = await customerWrites("Grace");
      const third = await customerWrites("Tomás");
      const parked = await customerWrites("Ines");

      const agentPage = await newIsolatedPage();
      await agentPage.setViewportSize({ width: size.width, height: size.height });
      await signIn(agentPage, agent);
      const header = agentPage.locator("header").filter({ has: agentPage.getByRole("heading", { level: 1 }) });
      const menu = (name: string) => header.locator("summary").filter({ hasText: new RegExp(`^${name}`) });
      const activity = agentPage.getByTestId("activity");
      const openSecondaryActions = async () => {
        if (isPhone && (await header.getByRole("button", { name: "More" }).getAttribute("aria-expanded")) === "false") await header.getByRole("button", { name: "More" }).click();
      };
      const openThread = async (conversation: { id: string; name: string }) => {
        await agentPage.goto(`${server.baseUrl}/conversations/${conversation.id}`);
        await expect(agentPage.getByRole("heading", { level: 1, name: conversation.name })).toBeVisible();
        await expect(agentPage.locator("html")).toHaveAttribute("data-live", "connected");
        await openSecondaryActions();
      };

      await openThread(first);
      // A label, from the Labels menu; it shows as a chip, and as a line between the messages.
      await menu("Labels").click();
      await header.getByRole("button", { name: labelName }).click();
      await expect(header.getByRole("list", { name: "Labels on this conversation" }).getByTestId("label-chip")).toHaveText(labelName);
      await expect(activity.filter({ hasText: `${agent.name} added the label ${labelName}` })).toBeVisible();
      await openSecondaryActions();

      await menu("Priority").click();
      await header.getByRole("button", { name: "High", exact: true }).click();
      await expect(menu("Priority")).toHaveText(/Priority: high/);
      await expect(activity.filter({ hasText: `${agent.name} set priority to high` })).toBeVisible();
      await openSecondaryActions();

      // Snoozed until a few seconds ahead, chosen as the agent's local time: it comes back by itself.
      await menu("Snooze").click();
      await header.getByLabel("Until a date and time").fill(await localTimeFromNow(agentPage, 4));
      await header.getByRole("button", { name: "Snooze until then" }).click();
      await expect(header.getByText("snoozed", { exact: true })).toBeVisible();
      await expect(activity.filter({ hasText: `${agent.name} snoozed this until` })).toBeVisible();
      await expect(activity.filter({ hasText: "Snooze ended" })).toBeVisible({ timeout: 20_000 });
      await expect(header.getByText("open", { exact: true })).toBeVisible();
      await openSecondaryActions();

      await header.getByRole("button", { name: "Pending" }).click();
      await expect(header.getByText("pending", { exact: true })).toBeVisible();
      await expect(activity.filter({ hasText: `${agent.name} set this to pending` })).toBeVisible();
      await photograph(agentPage, testInfo, `thread-triaged-${size.name}`);

      // The inbox by Pending, and by the label.
      await agentPage.goto(`${server.baseUrl}/conversations`);
      const rows = agentPage.getByTestId("conversation-row");
      await agentPage.getByRole("navigation", { name: "Status" }).getByRole("link", { name: "Pending" }).click();
      await expect(agentPage).toHaveURL(/status=pending/);
      await expect(rows.filter({ hasText: first.name })).toBeVisible();
      await expect(rows.filter({ hasText: second.name })).toHaveCount(0);
      await photograph(agentPage, testInfo, `inbox-pending-${size.name}`);
      await agentPage.getByRole("navigation", { name: "Status" }).getByRole("link", { name: "All" }).click();
      await expect(agentPage).toHaveURL(/status=all/);
      await agentPage.getByLabel("Label", { exact: true }).selectOption({ label: labelName });
      await agentPage.getByRole("button", { name: "Apply" }).click();
      await expect(agentPage).toHaveURL(/label=/);
      await expect(rows.filter({ hasText: first.name })).toBeVisible();
      await expect(rows.filter({ hasText: second.name })).toHaveCount(0);

      // Another one snoozed for an hour, from a preset: under Snoozed, not under Open.
      await openThread(parked);
      await menu("Snooze").click();
      await header.getByRole("button", { name: "1 hour" }).click();
      await expect(header.getByText("snoozed", { exact: true })).toBeVisible();
      await agentPage.goto(`${server.baseUrl}/conversations?status=snoozed`);
      await expect(rows.filter({ hasText: parked.name })).toBeVisible();
      await expect(rows.filter({ hasText: first.name })).toHaveCount(0);
      await photograph(agentPage, testInfo, `inbox-snoozed-${size.name}`);

      // Resolved: the whole story reads in order between the messages.
      await openThread(first);
      await header.getByRole("button", { name: "Resolve" }).click();
      await expect(header.getByText("resolved", { exact: true })).toBeVisible();
      await expect(activity.last()).toContainText(`${agent.name} resolved this`);
      await expect(activity).toHaveText([
        new RegExp(`${agent.name} added the label ${labelName}`),
        new RegExp(`${agent.name} set priority to high`),
        new RegExp(`${agent.name} snoozed this until`),
        /Snooze ended/,
        new RegExp(`${agent.name} set this to pending`),
        new RegExp(`${agent.name} resolved this`),
      ]);
      await photograph(agentPage, testInfo, `thread-resolved-${size.name}`);

      // Two at once: select them in the inbox, then Resolve.
      await agentPage.goto(`${server.baseUrl}/conversations`);
      await expect(rows.filter({ hasText: second.name })).toBeVisible();
      await agentPage.getByRole("button", { name: "Select", exact: true }).click();
      await agentPage.getByRole("checkbox", { name: `Select ${second.name}` }).check();
      // By keyboard too: Space ticks the focused box.
      await agentPage.getByRole("checkbox", { name: `Select ${third.name}` }).focus();
      await agentPage.keyboard.press("Space");
      const bar = agentPage.getByRole("form", { name: "Bulk actions" });
      await expect(bar.getByText("2 selected")).toBeVisible();
      await photograph(agentPage, testInfo, `inbox-bulk-${size.name}`);
      await bar.getByRole("button", { name: "Resolve" }).click();
      await expect(bar.getByRole("status").filter({ hasText: "Resolved 2 conversations." })).toBeVisible();
      await expect(rows.filter({ hasText: second.name })).toHaveCount(0);
      await expect(rows.filter({ hasText: third.name })).toHaveCount(0);
      expect((await db.conversation.findMany({ where: { id: { in: [second.id, third.id] } } })).map((row) => row.status)).toEqual(["resolved", "resolved"]);
      // While selecting, a row is still a link to its thread.
      await agentPage.goto(`${server.baseUrl}/conversations?status=all`);
      await agentPage.getByRole("button", { name: "Select", exact: true }).click();
      await rows.filter({ hasText: second.name }).click();
      await expect(agentPage.getByRole("heading", { level: 1, name: second.name })).toBeVisible();
    });
  });
}
