// The agent's day, at a laptop's and a phone's size: unread per person between an admin and an
// agent in two browsers; the views with their unread counts, changing live as customers write,
// and the count in the tab's title; browser notifications (after the person turned them on) and
// the chime for a new customer message meant for them, and none for their own reply. Runs its own
// CareDesk (`next start` on a scratch SQLite database) sending replies to the local Messages API
// stand-in. Each step is photographed into the test's output folder and checked with axe.
import { randomBytes, randomUUID } from "node:crypto";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import type { Page, TestInfo } from "@playwright/test";
import { hashPassword } from "../lib/auth/password";
import { PrismaClient } from "../lib/generated/sqlite/client";
import { uniqueCustomerNumber } from "../test/support/factories";
import { createScratchDatabase, type ScratchDatabase } from "../test/support/scratch-database";
import { freePort, startCareDeskServer, type RunningServer } from "../test/support/start-server";
import { createFakeApplication, type FakeApplication } from "../test/vonage-fake/application-keys";
import { buildInboundPayload } from "../test/vonage-fake/build-payloads";
import { startMessagesApiStandIn, type MessagesApiStandIn } from "../test/vonage-fake/messages-api";
import { sendWebhook } from "../test/vonage-fake/send-webhook";
import { expect as baseExpect, test } from "./fixtures";
import { expectNoSeriousAxeViolations, expectWindowNotToScroll } from "./helpers";

// Live updates cross two browsers and a server on a shared machine: a step may take a few seconds.
const expect = baseExpect.configure({ timeout: 15_000 });

const SIZES = [
  { name: "desktop", width: 1280, height: 800 },
  { name: "phone", width: 390, height: 844 },
] as const;

const admin = { email: "views-admin@example.test", password: randomBytes(12).toString("base64url") };
const agent = { email: "views-agent@example.test", password: randomBytes(12).toString("base64url") };
const webhookTarget = { baseUrl: "", signatureSecret: randomBytes(16).toString("hex") };

let application: FakeApplication;
let vonage: MessagesApiStandIn;
let database: ScratchDatabase;
let server: RunningServer;
let db: PrismaClient;
let adminId: string;

test.beforeAll(async () => {
  // A server's first start on a shared machine can take a while.
  test.setTimeout(180_000);
  application = createFakeApplication();
  vonage = await startMessagesApiStandIn({ applicationId: application.applicationId, publicKeyPem: application.publicKeyPem, statusWebhook: webhookTarget, statusDelayMs: 50 });
  database = await createScratchDatabase("sqlite", { prefix: "caredesk-e2e-views" });
  const port = await freePort();
  server = await startCareDeskServer({
    port,
    env: {
      DATABASE_URL: database.url,
      VONAGE_SIGNATURE_SECRET: webhookTarget.signatureSecret,
      VONAGE_APPLICATION_ID: application.applicationId,
      VONAGE_PRIVATE_KEY_PATH: application.privateKeyPath,
      VONAGE_API_HOST: vonage.url,
      AUTH_FAILURE_DELAY_MS: "0",
    },
  });
  webhookTarget.baseUrl = server.baseUrl;
  db = new PrismaClient({ adapter: new PrismaBetterSqlite3({ url: database.url.slice("file:".length) }) });
  adminId = (await db.user.create({ data: { email: admin.email, name: "Alex Admin", role: "admin", passwordHash: await hashPassword(admin.password) } })).id;
  await db.user.create({ data: { email: agent.email, name: "Sam Agent", role: "agent", passwordHash: await hashPassword(agent.password) } });
});

test.afterAll(async () => {
  await db?.$disconnect();
  await server?.stop();
  await vonage?.close();
  await database?.drop();
  await application?.remove();
});

// Every journey starts from an empty inbox, so its counts are its own.
test.beforeEach(async () => {
  await db.conversation.deleteMany();
  await db.contact.deleteMany();
  await db.label.deleteMany();
});

/** A customer writes in; returns the conversation's id. */
async function customerWrites(from: string, profileName: string, text: string): Promise<string> {
  const at = new Date();
  const payload = buildInboundPayload({ channel: "whatsapp", messageType: "text", from, profileName, text, timestamp: at });
  expect((await sendWebhook(webhookTarget, "inbound", payload)).status).toBe(200);
  vonage.customerWrote("whatsapp", from, at);
  return (await db.message.findUniqueOrThrow({ where: { messageUuid: String(payload.message_uuid) } })).conversationId;
}

const newCustomer = uniqueCustomerNumber;

async function signIn(page: Page, person: { email: string; password: string }) {
  await page.goto(`${server.baseUrl}/login`);
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password").fill(person.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  // The first sign-in on a freshly started server takes a while.
  await expect(page).toHaveURL(/\/conversations/, { timeout: 20_000 });
  await expect(page.locator("html")).toHaveAttribute("data-live", "connected");
}

const row = (page: Page, name: string) => page.getByTestId("conversation-row").filter({ hasText: name });
const unreadMark = (page: Page, name: string) => row(page, name).getByRole("img", { name: "Unread" });
const views = (page: Page) => page.getByRole("navigation", { name: "Views" });
const view = (page: Page, name: string) => views(page).getByRole("link", { name, exact: true });
const threadHeader = (page: Page) => page.locator("header").filter({ has: page.getByRole("heading", { level: 1 }) });

async function openThread(page: Page, name: string) {
  await row(page, name).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
}

/** Back to the list: the "← All" link at phone width, the Conversations link otherwise. */
async function backToList(page: Page, isPhone: boolean) {
  if (isPhone) await page.getByRole("link", { name: "← All" }).click();
  else await page.goto(`${server.baseUrl}/conversations`);
  await expect(page.getByRole("region", { name: "Conversations" })).toBeVisible();
}

async function photograph(page: Page, testInfo: TestInfo, name: string) {
  await page.screenshot({ path: testInfo.outputPath(`${name}.png`) });
  await expectNoSeriousAxeViolations(page);
}

for (const size of SIZES) {
  const isPhone = size.name === "phone";

  test.describe(`at ${size.width}×${size.height}`, () => {
    test.use({ viewport: { width: size.width, height: size.height } });
    // Long journeys with two browsers, each step waiting for the other's live update.
    test.describe.configure({ timeout: 180_000 });

    test("unread is per person: what one reads or marks unread stays theirs, and a new customer message is unread again", async ({ page, newIsolatedPage }, testInfo) => {
      const customer = newCustomer();
      const name = `Priya ${randomUUID().slice(0, 6)}`;
      await customerWrites(customer, name, "Where is my parcel?");
      const adminPage = page;
      const agentPage = await newIsolatedPage();
      await agentPage.setViewportSize({ width: size.width, height: size.height });
      await signIn(adminPage, admin);
      await signIn(agentPage, agent);

      for (const person of [adminPage, agentPage]) {
        await expect(unreadMark(person, name)).toBeVisible();
        await expect(view(person, "Unassigned 1 unread")).toBeVisible();
        await expect(person).toHaveTitle("(1) Conversations · CareDesk");
      }
      await photograph(agentPage, testInfo, `unread-list-${size.name}`);

      // The admin opens it: read for them, and the tab's count goes.
      await openThread(adminPage, name);
      await expect(threadHeader(adminPage).getByText("unread", { exact: true })).toHaveCount(0);
      await expect(adminPage).toHaveTitle("Conversation · CareDesk");
      await photograph(adminPage, testInfo, `read-thread-${size.name}`);
      // The agent's tab hears of the next customer (after the admin's read, had it been sent): theirs is still unread.
      const later = `Omar ${randomUUID().slice(0, 6)}`;
      await customerWrites(newCustomer(), later, "Do you ship to Norway?");
      await expect(agentPage).toHaveTitle("(2) Conversations · CareDesk");
      await expect(unreadMark(agentPage, name)).toBeVisible();

      // The agent reads it; the admin marks it unread: for the admin alone.
      await openThread(agentPage, name);
      await expect(agentPage).toHaveTitle("(1) Conversation · CareDesk");
      await adminPage.getByRole("button", { name: "Mark unread" }).click();
      await expect(adminPage.getByRole("status").filter({ hasText: "Marked unread." })).toBeVisible();
      await expect(threadHeader(adminPage).getByText("unread", { exact: true })).toBeVisible();
      await expect(adminPage).toHaveTitle("(2) Conversation · CareDesk");
      await customerWrites(newCustomer(), `Lea ${randomUUID().slice(0, 6)}`, "Hello?");
      await expect(agentPage).toHaveTitle("(2) Conversation · CareDesk");
      await expect(threadHeader(agentPage).getByText("unread", { exact: true })).toHaveCount(0);

      // Both back on the list; the customer writes again: unread again for the agent, who had read it.
      await backToList(agentPage, isPhone);
      await backToList(adminPage, isPhone);
      await expect(unreadMark(agentPage, name)).toHaveCount(0);
      await expect(unreadMark(adminPage, name)).toBeVisible();
      await customerWrites(customer, name, "Any news about my parcel?");
      await expect(unreadMark(agentPage, name)).toBeVisible();
      await expect(row(agentPage, name)).toContainText("Any news about my parcel?");
      await expect(agentPage).toHaveTitle("(3) Conversations · CareDesk");
      await expect(adminPage).toHaveTitle("(3) Conversations · CareDesk");
      await photograph(agentPage, testInfo, `unread-again-${size.name}`);
    });

    test("the views count unread open conversations live, a view filters the list, and the tab's title carries the count", async ({ page }, testInfo) => {
      await db.label.create({ data: { name: "Refund", color: "red" } });
      await signIn(page, admin);
      for (const name of ["Mine", "Unassigned", "All", "Inbox Default", "Inbox Unrouted", "Label Refund"]) await expect(view(page, name)).toBeVisible();
      await expect(view(page, "All")).toHaveAttribute("aria-current", "page");
      await expect(page).toHaveTitle("Conversations · CareDesk");
      await expectWindowNotToScroll(page);

      // A customer writes: counted at once, in the title too.
      const refund = `Noor ${randomUUID().slice(0, 6)}`;
      const refundId = await customerWrites(newCustomer(), refund, "I want my money back");
      await expect(view(page, "Unassigned 1 unread")).toBeVisible();
      await expect(view(page, "All 1 unread")).toBeVisible();
      await expect(view(page, "Inbox Default 1 unread")).toBeVisible();
      await expect(page).toHaveTitle("(1) Conversations · CareDesk");

      // Labelled (by a colleague elsewhere), then another customer writes: both counted.
      const label = await db.label.findFirstOrThrow({ where: { name: "Refund" } });
      // As the label action does it: a change of the row (updatedAt), so tabs keep the newer row.
      await db.conversation.update({ where: { id: refundId }, data: { updatedAt: new Date(), labels: { create: { labelId: label.id } } } });
      const other = `Kim ${randomUUID().slice(0, 6)}`;
      const otherCustomer = newCustomer();
      await customerWrites(otherCustomer, other, "Is the shop open on Sunday?");
      await expect(view(page, "All 2 unread")).toBeVisible();
      await expect(view(page, "Label Refund 1 unread")).toBeVisible();
      await expect(page).toHaveTitle("(2) Conversations · CareDesk");
      await photograph(page, testInfo, `views-${size.name}`);

      // The label's view lists only its conversations.
      await view(page, "Label Refund 1 unread").click();
      await expect(page).toHaveURL(new RegExp(`label=${label.id}`));
      await expect(view(page, "Label Refund 1 unread")).toHaveAttribute("aria-current", "page");
      await expect(row(page, refund)).toBeVisible();
      await expect(row(page, other)).toHaveCount(0);

      // Taking one: opening it reads it; the customer's next message counts in Mine.
      await view(page, "All 2 unread").click();
      await openThread(page, other);
      await page.getByRole("button", { name: "Assign to me" }).click();
      await expect(page.getByRole("status").filter({ hasText: "Assignment saved." })).toBeVisible();
      await expect(page).toHaveTitle("(1) Conversation · CareDesk");
      await backToList(page, isPhone);
      await customerWrites(otherCustomer, other, "Hello again");
      await expect(view(page, "Mine 1 unread")).toBeVisible();
      await expect(view(page, "All 2 unread")).toBeVisible();
      await expect(page).toHaveTitle("(2) Conversations · CareDesk");
      await view(page, "Mine 1 unread").click();
      await expect(page).toHaveURL(/assigned=me/);
      await expect(row(page, other)).toBeVisible();
      await expect(row(page, refund)).toHaveCount(0);
      await expectWindowNotToScroll(page);
      await photograph(page, testInfo, `views-mine-${size.name}`);
    });

    test("a notification and a chime for a new customer message, once the agent turned them on; none for their own reply", async ({ page, context }, testInfo) => {
      await context.grantPermissions(["notifications"], { origin: server.baseUrl });
      // Records every notification and tone the page makes, keeping the real ones working.
      await context.addInitScript(() => {
        const recorded = window as unknown as { shownNotifications: { title: string; body: string | null; notification: Notification }[]; tonesPlayed: number };
        recorded.shownNotifications = [];
        recorded.tonesPlayed = 0;
        const RealNotification = window.Notification;
        class RecordedNotification extends RealNotification {
          constructor(title: string, options?: NotificationOptions) {
            super(title, options);
            recorded.shownNotifications.push({ title, body: options?.body ?? null, notification: this });
          }
        }
        window.Notification = RecordedNotification;
        const start = OscillatorNode.prototype.start;
        OscillatorNode.prototype.start = function (...args: Parameters<typeof start>) {
          recorded.tonesPlayed++;
          return start.apply(this, args);
        };
      });
      const recordedOn = (tab: Page) =>
        tab.evaluate(() => {
          const recorded = window as unknown as { shownNotifications: { title: string; body: string | null }[]; tonesPlayed: number };
          return { notifications: recorded.shownNotifications.map(({ title, body }) => ({ title, body })), tones: recorded.tonesPlayed };
        });

      await signIn(page, agent);
      // Not turned on yet: the browser's permission alone shows nothing.
      const early = `Early ${randomUUID().slice(0, 6)}`;
      await customerWrites(newCustomer(), early, "Before you turned them on");
      await expect(row(page, early)).toBeVisible();
      expect(await recordedOn(page)).toEqual({ notifications: [], tones: 0 });

      const alerts = page.getByRole("button", { name: "Alerts" });
      if (isPhone) await page.getByRole("button", { name: "Menu" }).click();
      await alerts.click();
      await expect(alerts).toHaveAttribute("aria-expanded", "true");
      await page.getByRole("button", { name: "Turn on notifications" }).click();
      await expect(page.getByText("Notifications are on.")).toBeVisible();
      await page.getByLabel("Play a sound").check();
      await photograph(page, testInfo, `alert-settings-${size.name}`);
      await page.keyboard.press("Escape");
      await expect(alerts).toHaveAttribute("aria-expanded", "false");
      if (isPhone) await page.getByRole("button", { name: "Menu" }).click();
      // The chime played once, as a sample, when the sound was turned on.
      expect((await recordedOn(page)).tones).toBe(1);

      // A second tab of the same agent, on the list: one person, one alert.
      const listTab = await context.newPage();
      await listTab.goto(`${server.baseUrl}/conversations`);
      await expect(listTab.locator("html")).toHaveAttribute("data-live", "connected");

      const customer = newCustomer();
      const name = `Noor Haddad ${randomUUID().slice(0, 4)}`;
      const conversationId = await customerWrites(customer, name, "My order arrived broken");
      await expect.poll(async () => (await recordedOn(page)).notifications.length + (await recordedOn(listTab)).notifications.length).toBe(1);
      await expect(row(listTab, name)).toBeVisible();
      // A message in a conversation assigned to a teammate alerts nobody.
      const theirs = `Teammate's ${randomUUID().slice(0, 6)}`;
      const theirsCustomer = newCustomer();
      const theirsId = await customerWrites(theirsCustomer, theirs, "First");
      await expect.poll(async () => (await recordedOn(page)).notifications.length + (await recordedOn(listTab)).notifications.length).toBe(2);
      await db.conversation.update({ where: { id: theirsId }, data: { assigneeId: adminId } });
      await customerWrites(theirsCustomer, theirs, "Second, to my admin");
      await expect(row(listTab, theirs)).toContainText("Second, to my admin");
      await expect(row(page, theirs)).toContainText("Second, to my admin");
      const [first, second] = [await recordedOn(page), await recordedOn(listTab)];
      // The customer's name and the preview, once each, in whichever tab took it.
      expect([...first.notifications, ...second.notifications].sort((a, b) => a.title.localeCompare(b.title))).toEqual([
        { title: name, body: "My order arrived broken" },
        { title: theirs, body: "First" },
      ]);
      expect(first.tones + second.tones).toBe(1 + 2);

      // Clicking the notification brings the agent to that conversation.
      const clicked = first.notifications.some((shown) => shown.title === name) ? page : listTab;
      await clicked.evaluate((title) => {
        const recorded = window as unknown as { shownNotifications: { title: string; notification: Notification }[] };
        const shown = recorded.shownNotifications.find((item) => item.title === title)!;
        shown.notification.onclick?.(new Event("click"));
      }, name);
      await expect(clicked).toHaveURL(`${server.baseUrl}/conversations/${conversationId}`);
      await expect(clicked.getByRole("heading", { level: 1, name })).toBeVisible();

      // The agent's own reply alerts none of their tabs, even one on the list.
      const watching = clicked === page ? listTab : page;
      await watching.goto(`${server.baseUrl}/conversations`);
      await expect(watching.locator("html")).toHaveAttribute("data-live", "connected");
      const box = clicked.getByLabel("Reply to the customer");
      await box.fill("So sorry: a new one ships today.");
      await box.press("Enter");
      await expect(clicked.getByTestId("message").filter({ hasText: "a new one ships today" }).getByTestId("message-status")).toHaveText("· Read ✓✓");
      await expect(row(watching, name)).toContainText("So sorry: a new one ships today.");
      expect(await recordedOn(watching)).toEqual({ notifications: [], tones: 0 });
      expect((await recordedOn(clicked)).notifications).toHaveLength(clicked === page ? first.notifications.length : second.notifications.length);
      await photograph(clicked, testInfo, `notified-thread-${size.name}`);
    });
  });
}
