import AxeBuilder from "@axe-core/playwright";
import type { Page, TestInfo } from "@playwright/test";
import { expect, test } from "./fixtures";
import { signInAsAdmin, signInAsAgent } from "./helpers";

// Every page of CareDesk, at a laptop's and a phone's size, through axe-core: nothing serious,
// critical or moderate, one main landmark, at most one banner. Each page is photographed whole
// into this test's output folder; minor findings are attached there as well.

const SIZES = [
  { name: "desktop", width: 1280, height: 800 },
  { name: "phone", width: 390, height: 844 },
] as const;

/** A page, and the level-one heading that says it has loaded. `THREAD` stands for a demo thread's path. */
type Visit = { name: string; path: string; heading: string | RegExp };

const THREAD = "{thread}";

const ADMIN_PAGES: Visit[] = [
  { name: "inbox", path: "/conversations", heading: "Conversations" },
  { name: "thread", path: THREAD, heading: "Priya Shah" },
  { name: "media-gallery", path: `${THREAD}/media`, heading: "Media from Priya Shah" },
  { name: "conversation-not-found", path: "/conversations/nosuchconversation0000", heading: "This conversation does not exist" },
  { name: "account-password", path: "/account/password", heading: "Your password" },
  { name: "account-sessions", path: "/account/sessions", heading: "Where you are signed in" },
  { name: "admin-users", path: "/admin/users", heading: "People" },
  { name: "admin-audit", path: "/admin/audit", heading: "Audit" },
  { name: "admin-webhooks", path: "/admin/webhooks", heading: "Webhook log" },
  { name: "admin-media", path: "/admin/media", heading: "Media archive" },
  { name: "admin-inboxes", path: "/admin/inboxes", heading: "Inboxes" },
  { name: "admin-teams", path: "/admin/teams", heading: "Teams" },
  { name: "admin-canned-replies", path: "/admin/canned-replies", heading: "Canned replies" },
  { name: "admin-templates", path: "/admin/templates", heading: "WhatsApp templates" },
  { name: "not-found", path: "/no-such-page", heading: "This page does not exist" },
];

/**
 * Priya Shah's thread from the demo, found by search among all statuses (other specs resolve
 * conversations). The demo is still being seeded when the first test starts: searched again until it is there.
 */
async function findDemoThread(page: Page): Promise<string> {
  const row = page.getByTestId("conversation-row").filter({ hasText: "Priya Shah" }).first();
  await expect(async () => {
    await page.goto("/conversations?status=all&q=Priya%20Shah");
    await expect(row).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 60_000 });
  return new URL((await row.getAttribute("href"))!, page.url()).pathname;
}

/** The page's landmarks are whole, axe finds nothing above minor, and the page is photographed. */
async function checkPage(page: Page, testInfo: TestInfo, name: string) {
  await expect(page.getByRole("main")).toHaveCount(1);
  expect(await page.getByRole("banner").count()).toBeLessThanOrEqual(1);
  await page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });
  const { violations } = await new AxeBuilder({ page }).analyze();
  const summary = violations.map((violation) => ({
    rule: violation.id,
    impact: violation.impact,
    help: violation.help,
    elements: violation.nodes.map((node) => node.target.join(" ")).slice(0, 5),
  }));
  const minor = summary.filter((violation) => violation.impact === "minor");
  if (minor.length > 0) await testInfo.attach(`${name}-axe-minor.json`, { body: JSON.stringify(minor, null, 2), contentType: "application/json" });
  expect(
    summary.filter((violation) => violation.impact !== "minor"),
    `axe on ${page.url()}`,
  ).toEqual([]);
}

// Some tests open a dozen pages and run axe on each: minutes on a busy machine.
test.describe.configure({ timeout: 300_000 });

for (const size of SIZES) {
  test.describe(`at ${size.width}×${size.height}`, () => {
    test.use({ viewport: { width: size.width, height: size.height } });

    test("signed out: the home page and the sign-in page", async ({ page }, testInfo) => {
      await page.goto("/");
      await expect(page.getByRole("heading", { level: 1, name: "CareDesk" })).toBeVisible();
      await checkPage(page, testInfo, `home-${size.name}`);
      await page.goto("/login");
      await expect(page.getByRole("heading", { level: 1, name: "Sign in to CareDesk" })).toBeVisible();
      await checkPage(page, testInfo, `login-${size.name}`);
    });

    test("every page an admin can open", async ({ page }, testInfo) => {
      await signInAsAdmin(page);
      const thread = await findDemoThread(page);
      for (const visit of ADMIN_PAGES) {
        await test.step(visit.name, async () => {
          await page.goto(visit.path.replace(THREAD, thread));
          await expect(page.getByRole("heading", { level: 1, name: visit.heading })).toBeVisible();
          await checkPage(page, testInfo, `${visit.name}-${size.name}`);
        });
      }
    });

    test("what opens over a page: the image viewer, Erase customer, and the menu at phone width", async ({ page }, testInfo) => {
      await signInAsAdmin(page);
      await page.goto(await findDemoThread(page));
      await expect(page.getByRole("heading", { level: 1, name: "Priya Shah" })).toBeVisible();

      await page.getByRole("button", { name: /^Open photo/ }).first().click();
      await expect(page.getByRole("dialog", { name: "Image viewer" })).toBeVisible();
      await checkPage(page, testInfo, `image-viewer-${size.name}`);
      await page.keyboard.press("Escape");
      await expect(page.getByRole("dialog", { name: "Image viewer" })).toBeHidden();

      // At phone width Erase customer is under the thread's "More".
      const more = page.getByRole("button", { name: "More" });
      if (await more.isVisible()) await more.click();
      await page.getByRole("button", { name: "Erase customer…" }).click();
      const erase = page.getByRole("dialog", { name: /^Erase Priya Shah/ });
      await expect(erase).toBeVisible();
      await checkPage(page, testInfo, `erase-customer-${size.name}`);
      await erase.getByRole("button", { name: "Cancel" }).click();
      await expect(erase).toBeHidden();

      const menu = page.getByRole("button", { name: "Menu" });
      if (size.name === "phone") {
        await menu.click();
        await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
        await checkPage(page, testInfo, `menu-open-${size.name}`);
      } else {
        await expect(menu).toBeHidden();
      }
    });

    test("an agent: the inbox, and an admin page they may not open", async ({ page }, testInfo) => {
      await signInAsAgent(page);
      await expect(page.getByRole("heading", { level: 1, name: "Conversations" })).toBeAttached();
      await checkPage(page, testInfo, `agent-inbox-${size.name}`);
      await page.goto("/admin/users");
      await expect(page.getByRole("heading", { level: 1, name: "You do not have access to this page" })).toBeVisible();
      await checkPage(page, testInfo, `agent-forbidden-${size.name}`);
    });
  });
}
