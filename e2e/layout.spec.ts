import { randomInt, randomUUID } from "node:crypto";
import type { Locator, Page } from "@playwright/test";
import { buildInboundPayload } from "../test/vonage-fake/build-payloads";
import { sendWebhook } from "../test/vonage-fake/send-webhook";
import { expect, test } from "./fixtures";
import { expectNoSeriousAxeViolations, expectWindowNotToScroll, signInAsAdmin, webhookTarget } from "./helpers";

// The signed-in shell at a laptop's and a phone's size: the window itself never scrolls on the
// inbox and a thread (only their panels do), nothing is wider than a phone, and axe finds nothing
// serious. Each page is photographed at each size into this test's output folder.

const SIZES = [
  { name: "desktop", width: 1280, height: 800 },
  { name: "phone", width: 390, height: 844 },
] as const;

/** A WhatsApp customer of its own who has written enough messages to overflow any window. */
async function seedLongThread(baseURL: string): Promise<string> {
  const name = `Layout ${randomUUID().slice(0, 8)}`;
  const from = `4477009${String(randomInt(100_000)).padStart(5, "0")}`;
  const start = Date.now() - 60 * 60_000;
  for (let index = 0; index < 40; index++) {
    const text = `Message ${index + 1} about the order: it is taking a while, could you check where it is?`;
    const payload = buildInboundPayload({ channel: "whatsapp", messageType: "text", from, profileName: name, text, timestamp: new Date(start + index * 60_000) });
    expect((await sendWebhook(webhookTarget(baseURL), "inbound", payload)).status).toBe(200);
  }
  return name;
}

/** Enough customers of their own that the inbox's list is longer than any window. */
async function seedManyConversations(baseURL: string) {
  for (let index = 0; index < 15; index++) {
    const from = `4477008${String(randomInt(100_000)).padStart(5, "0")}`;
    const payload = buildInboundPayload({ channel: "sms", messageType: "text", from, text: "Is the shop open on Sunday?" });
    expect((await sendWebhook(webhookTarget(baseURL), "inbound", payload)).status).toBe(200);
  }
}

async function openThread(page: Page, name: string) {
  await page.getByTestId("conversation-row").filter({ hasText: name }).first().click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(page.getByTestId("message").filter({ hasText: "Message 40 about" })).toBeVisible();
}

/** The element overflows and scrolls within itself. */
async function expectToScrollWithin(element: Locator) {
  const scroll = await element.evaluate((node) => {
    const overflow = node.scrollHeight - node.clientHeight;
    const before = node.scrollTop;
    node.scrollTop = before > 0 ? 0 : node.scrollHeight;
    return { overflow, hasMoved: node.scrollTop !== before };
  });
  expect(scroll.overflow).toBeGreaterThan(0);
  expect(scroll.hasMoved).toBe(true);
}

/** Nothing on the page is wider than the window: neither the document nor the area under the header. */
async function expectNoHorizontalOverflow(page: Page) {
  const widths = await page.locator("main").evaluate((main) => ({
    document: document.scrollingElement!.scrollWidth,
    content: main.parentElement!.scrollWidth,
    contentVisible: main.parentElement!.clientWidth,
    window: window.innerWidth,
  }));
  expect(widths.document).toBeLessThanOrEqual(widths.window);
  expect(widths.content).toBeLessThanOrEqual(widths.contentVisible);
}

for (const size of SIZES) {
  test.describe(`at ${size.width}×${size.height}`, () => {
    test.use({ viewport: { width: size.width, height: size.height } });

    test("the window never scrolls on the inbox and a long thread: the list and the messages scroll within", async ({ page, baseURL }, testInfo) => {
      await seedManyConversations(baseURL!);
      const name = await seedLongThread(baseURL!);
      await signInAsAdmin(page);
      await expect(page.getByTestId("conversation-row").filter({ hasText: name })).toBeVisible();
      await expectWindowNotToScroll(page);
      // An admin's ten links fit on one line at 1280 px; at 390 px they are behind "Menu".
      expect((await page.locator("header").first().boundingBox())!.height).toBeLessThan(70);
      if (size.width >= 1024) {
        // The settings pages open from a drop-down, which Escape closes again.
        const settings = page.getByRole("navigation", { name: "Main" }).getByRole("button", { name: "Settings" });
        await settings.click();
        await expect(page.getByRole("link", { name: "Canned replies" })).toBeVisible();
        await page.keyboard.press("Escape");
        await expect(page.getByRole("link", { name: "Canned replies" })).toBeHidden();
        await expect(settings).toBeFocused();
      }
      await expectToScrollWithin(page.getByRole("region", { name: "Conversations" }).getByRole("list"));
      await expectWindowNotToScroll(page);
      await page.screenshot({ path: testInfo.outputPath(`inbox-${size.name}.png`) });
      await expectNoSeriousAxeViolations(page);

      await openThread(page, name);
      await expectWindowNotToScroll(page);
      await expectToScrollWithin(page.getByRole("list", { name: "Messages" }));
      await expectWindowNotToScroll(page);
      // The header, the thread's actions and the reply box all stay in view.
      await expect(page.getByRole("link", { name: "CareDesk", exact: true })).toBeInViewport();
      await expect(page.getByRole("button", { name: "Resolve" })).toBeInViewport();
      await expect(page.getByLabel("Reply to the customer")).toBeInViewport();
      await page.screenshot({ path: testInfo.outputPath(`thread-${size.name}.png`) });
      await expectNoSeriousAxeViolations(page);
    });

    test("People, Audit and the Webhook log fit the window's width", async ({ page }, testInfo) => {
      await signInAsAdmin(page);
      for (const [path, heading] of [
        ["/admin/users", "People"],
        ["/admin/audit", "Audit"],
        ["/admin/webhooks", "Webhook log"],
      ] as const) {
        await page.goto(path);
        await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
        await expect(page.getByRole("table").getByRole("row").nth(1)).toBeVisible();
        await expectNoHorizontalOverflow(page);
        await page.screenshot({ path: testInfo.outputPath(`${path.split("/").at(-1)}-${size.name}.png`) });
        await expectNoSeriousAxeViolations(page);
      }
    });
  });
}

test.describe("at a laptop's width, with the contact panel open", () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  test("a thread's header keeps its actions in full rows: the main ones first, the rest from the left below them, never squeezed beside", async ({ page, baseURL }) => {
    const name = await seedLongThread(baseURL!);
    await signInAsAdmin(page);
    await openThread(page, name);
    const threadHeader = page.locator("header").filter({ has: page.getByRole("heading", { level: 1, name }) });
    await expect(page.getByRole("heading", { level: 2, name: "Contact" })).toBeVisible();
    const resolve = (await threadHeader.getByRole("button", { name: "Resolve" }).boundingBox())!;
    const pending = (await threadHeader.getByRole("button", { name: "Pending" }).boundingBox())!;
    // Beside the main actions, the rest wrapped into a narrow column five rows tall.
    expect(Math.abs(pending.x - resolve.x)).toBeLessThan(2);
    expect(pending.y).toBeGreaterThan(resolve.y + resolve.height / 2);
    expect((await threadHeader.boundingBox())!.height).toBeLessThan(240);
  });
});

test.describe("at phone width", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("the main navigation is collapsed behind a menu button that opens it", async ({ page }) => {
    await signInAsAdmin(page);
    const header = page.locator("header").first();
    expect((await header.boundingBox())!.height).toBeLessThan(70);
    const menu = page.getByRole("button", { name: "Menu" });
    const navigation = page.getByRole("navigation", { name: "Main" });
    await expect(menu).toHaveAttribute("aria-expanded", "false");
    await expect(navigation).toBeHidden();

    await menu.click();
    await expect(menu).toHaveAttribute("aria-expanded", "true");
    await expect(navigation.getByRole("link", { name: "Webhook log" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
    await expectWindowNotToScroll(page);

    await navigation.getByRole("link", { name: "Audit" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Audit" })).toBeVisible();
    // The menu closes once the page has changed.
    await expect(menu).toHaveAttribute("aria-expanded", "false");
    await expect(navigation).toBeHidden();
  });

  test("an admin's settings pages sit under Settings, in the phone menu as on a laptop", async ({ page }) => {
    await signInAsAdmin(page);
    await page.getByRole("button", { name: "Menu" }).click();
    const navigation = page.getByRole("navigation", { name: "Main" });
    const settings = navigation.getByRole("button", { name: "Settings" });
    await expect(navigation.getByRole("link", { name: "Labels" })).toBeHidden();
    await settings.click();
    await expect(settings).toHaveAttribute("aria-expanded", "true");
    await navigation.getByRole("link", { name: "Labels" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Labels" })).toBeVisible();
    await expectWindowNotToScroll(page);
  });

  test("a thread's header is compact: name and channel on one line, the main actions in a row, the rest under More", async ({ page, baseURL }) => {
    const name = await seedLongThread(baseURL!);
    await signInAsAdmin(page);
    await openThread(page, name);
    const threadHeader = page.locator("header").filter({ has: page.getByRole("heading", { level: 1, name }) });
    expect((await threadHeader.boundingBox())!.height).toBeLessThan(100);
    const title = await page.getByRole("heading", { level: 1, name }).boundingBox();
    const channel = await threadHeader.getByText("WhatsApp", { exact: true }).boundingBox();
    expect(Math.abs(title!.y + title!.height / 2 - (channel!.y + channel!.height / 2))).toBeLessThan(8);

    const more = threadHeader.getByRole("button", { name: "More" });
    await expect(threadHeader.getByRole("link", { name: "Media gallery" })).toBeHidden();
    await more.click();
    await expect(more).toHaveAttribute("aria-expanded", "true");
    await expect(threadHeader.getByRole("link", { name: "Media gallery" })).toBeVisible();
    await expect(threadHeader.getByLabel("Assign to")).toBeVisible();
    await expectWindowNotToScroll(page);
  });
});
