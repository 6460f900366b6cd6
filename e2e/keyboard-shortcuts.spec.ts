import { randomInt, randomUUID } from "node:crypto";
import type { Locator, Page } from "@playwright/test";
import { buildInboundPayload } from "../test/vonage-fake/build-payloads";
import { sendWebhook } from "../test/vonage-fake/send-webhook";
import { expect, test } from "./fixtures";
import { agent, expectNoSeriousAxeViolations, expectWindowNotToScroll, signIn, webhookTarget } from "./helpers";

// An agent works the inbox from the keyboard: j and k through the list, Enter to open, r to
// reply, e to resolve, / to search, ? for the list of shortcuts; and none of them fires while
// they type. At phone width, ? and / at least must work without breaking the page.

/** Three customers of this test's own, whose names share a word: searched for, they are the whole list, newest first. */
async function seedCustomers(baseURL: string): Promise<{ word: string; names: string[] }> {
  const word = `Keys${randomUUID().slice(0, 6)}`;
  const names = ["Ada", "Ben", "Cy"].map((first) => `${first} ${word}`);
  const start = Date.now() - 10 * 60_000;
  for (const [index, name] of names.entries()) {
    const from = `4477007${String(randomInt(100_000)).padStart(5, "0")}`;
    const payload = buildInboundPayload({ channel: "whatsapp", messageType: "text", from, profileName: name, text: `Hello from ${name}`, timestamp: new Date(start + index * 60_000) });
    expect((await sendWebhook(webhookTarget(baseURL), "inbound", payload)).status).toBe(200);
  }
  // Newest first: Cy, Ben, Ada.
  return { word, names: [...names].reverse() };
}

async function openSearch(page: Page, word: string, names: string[]) {
  await page.goto(`/conversations?q=${word}`);
  await expect(page.getByTestId("conversation-row")).toHaveCount(names.length);
  for (const [index, name] of names.entries()) await expect(page.getByTestId("conversation-row").nth(index)).toContainText(name);
}

/** As an agent; patiently, as the demo may still be seeding (hashing, archiving) on a busy machine. */
async function signInAsAgent(page: Page) {
  await signIn(page, agent.email, agent.password);
  await expect(page).toHaveURL(/\/conversations/, { timeout: 30_000 });
}

/** The row is the selected one: focused, with its focus ring showing, and in view. */
async function expectSelected(row: Locator) {
  await expect(row).toBeFocused();
  expect(await row.evaluate((element) => element.matches(":focus-visible") && getComputedStyle(element).outlineStyle !== "none")).toBe(true);
  await expect(row).toBeInViewport();
}

// Each test signs in, seeds three customers and opens several pages: more than a minute on a busy machine.
test.describe.configure({ timeout: 180_000 });

test.describe("at 1280×800", () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  test("an agent moves through the list, opens, replies and resolves from the keyboard", async ({ page, baseURL }, testInfo) => {
    const { word, names } = await seedCustomers(baseURL!);
    await signInAsAgent(page);
    await openSearch(page, word, names);
    const rows = page.getByTestId("conversation-row");

    // j selects the first row, then the next; k goes back; neither runs past the ends.
    await page.keyboard.press("j");
    await expectSelected(rows.nth(0));
    await page.keyboard.press("k");
    await expectSelected(rows.nth(0));
    await page.keyboard.press("j");
    await page.keyboard.press("j");
    await page.keyboard.press("j");
    await expectSelected(rows.nth(2));
    await page.keyboard.press("k");
    await expectSelected(rows.nth(1));
    await page.screenshot({ path: testInfo.outputPath("list-row-selected-desktop.png"), fullPage: true });

    // Enter opens the selected one (Ben).
    await page.keyboard.press("Enter");
    await expect(page.getByRole("heading", { level: 1, name: names[1] })).toBeVisible();
    await expect(rows.nth(1)).toHaveAttribute("aria-current", "page");

    // On a thread, j and k start from the open conversation's row.
    await page.keyboard.press("j");
    await expectSelected(rows.nth(2));
    await page.keyboard.press("k");
    await page.keyboard.press("k");
    await expectSelected(rows.nth(0));
    await page.keyboard.press("j");
    await expectSelected(rows.nth(1));

    // r: the reply box, with nothing typed into it; what is typed there is text, not shortcuts.
    const reply = page.getByLabel("Reply to the customer");
    await page.keyboard.press("r");
    await expect(reply).toBeFocused();
    await expect(reply).toHaveValue("");
    await page.keyboard.type("jk re?");
    await expect(reply).toHaveValue("jk re?");
    await expect(reply).toBeFocused();
    await expect(page.getByRole("dialog", { name: "Keyboard shortcuts" })).toBeHidden();
    await page.screenshot({ path: testInfo.outputPath("thread-reply-focused-desktop.png"), fullPage: true });
    await reply.fill("");

    // Ctrl, ⌘ and Alt leave the keys to the browser.
    await page.getByRole("heading", { level: 1, name: names[1] }).click();
    for (const key of ["Control+j", "Alt+j", "Meta+j"]) {
      await page.keyboard.press(key);
      await expect(rows.nth(2)).not.toBeFocused();
    }

    // e: resolved, as with the button, and the button now offers to reopen.
    const threadHeader = page.locator("header").filter({ has: page.getByRole("heading", { level: 1, name: names[1] }) });
    await expect(threadHeader.getByText("open", { exact: true })).toBeVisible();
    await page.keyboard.press("e");
    await expect(threadHeader.getByText("resolved", { exact: true })).toBeVisible();
    await expect(page.getByRole("button", { name: "Reopen" })).toBeVisible();
    await expect(page.getByText("Resolved.")).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath("thread-resolved-desktop.png"), fullPage: true });

    // /: the search box, its text selected to be typed over, and no "/" typed into it.
    const search = page.getByRole("searchbox", { name: "Search by number, name or message text" });
    await page.getByRole("heading", { level: 1, name: names[1] }).click();
    await page.keyboard.press("/");
    await expect(search).toBeFocused();
    await expect(search).toHaveValue(word);
    expect(await search.evaluate((input: HTMLInputElement) => [input.selectionStart, input.selectionEnd])).toEqual([0, word.length]);
    await page.keyboard.type(names[0]!);
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(new RegExp(`q=${names[0]!.replace(" ", "\\+")}`));
    await expect(rows).toHaveCount(1);
  });

  test("? and the Keyboard shortcuts button list the shortcuts in a dialog; Escape closes it and focus returns", async ({ page, baseURL }, testInfo) => {
    const { word, names } = await seedCustomers(baseURL!);
    await signInAsAgent(page);
    await openSearch(page, word, names);
    const dialog = page.getByRole("dialog", { name: "Keyboard shortcuts" });

    // The button, under the list.
    const button = page.getByRole("button", { name: "Keyboard shortcuts" });
    await button.click();
    await expect(dialog).toBeVisible();
    for (const key of ["j", "k", "Enter", "r", "e", "/", "?"]) await expect(dialog.locator("kbd", { hasText: new RegExp(`^${key.replace(/[?/]/, "\\$&")}$`) })).toBeVisible();
    await expect(dialog.getByText("Resolve the open conversation")).toBeVisible();
    await expect(dialog.getByRole("button", { name: "Close" })).toBeFocused();
    await page.screenshot({ path: testInfo.outputPath("shortcuts-dialog-desktop.png"), fullPage: true });
    await expectNoSeriousAxeViolations(page);

    // Behind the dialog, the shortcuts wait: j does not move to the list.
    await page.keyboard.press("j");
    await expect(dialog.getByRole("button", { name: "Close" })).toBeFocused();
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
    await expect(button).toBeFocused();

    // ?, from a selected row: focus returns to the row.
    const rows = page.getByTestId("conversation-row");
    await page.keyboard.press("j");
    await expectSelected(rows.nth(0));
    await page.keyboard.press("?");
    await expect(dialog).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
    await expectSelected(rows.nth(0));

    // Closed with its button, the same.
    await page.keyboard.press("?");
    await dialog.getByRole("button", { name: "Close" }).click();
    await expect(dialog).toBeHidden();
    await expect(rows.nth(0)).toBeFocused();

    // Not while typing: ? in the search box is a question mark.
    const search = page.getByRole("searchbox", { name: "Search by number, name or message text" });
    await search.focus();
    await page.keyboard.press("End");
    await page.keyboard.press("?");
    await expect(dialog).toBeHidden();
    await expect(search).toHaveValue(`${word}?`);

    // Not on a thread's media gallery, which has no list to move through.
    await page.goto("/conversations");
    await rows.filter({ hasText: names[0] }).click();
    await page.getByRole("link", { name: "Media gallery" }).click();
    await expect(page.getByRole("heading", { level: 1, name: `Media from ${names[0]}` })).toBeVisible();
    await page.keyboard.press("?");
    await expect(dialog).toHaveCount(0);
  });
});

test.describe("at 390×844", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("? and / work on the list and on a thread without breaking the page", async ({ page, baseURL }, testInfo) => {
    const { word, names } = await seedCustomers(baseURL!);
    await signInAsAgent(page);
    await openSearch(page, word, names);
    const dialog = page.getByRole("dialog", { name: "Keyboard shortcuts" });
    const search = page.getByRole("searchbox", { name: "Search by number, name or message text" });
    const rows = page.getByTestId("conversation-row");

    // The button is left out at phone width; ? opens the dialog, which fits the screen.
    await expect(page.getByRole("button", { name: "Keyboard shortcuts" })).toBeHidden();
    await page.keyboard.press("?");
    await expect(dialog).toBeVisible();
    const box = (await dialog.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    await expect(dialog.getByRole("button", { name: "Close" })).toBeInViewport();
    await page.screenshot({ path: testInfo.outputPath("shortcuts-dialog-phone.png"), fullPage: true });
    await expectNoSeriousAxeViolations(page);
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();

    await page.keyboard.press("/");
    await expect(search).toBeFocused();
    await expect(search).toHaveValue(word);
    await search.blur();
    await page.keyboard.press("j");
    await expectSelected(rows.nth(0));
    await expectWindowNotToScroll(page);
    await page.screenshot({ path: testInfo.outputPath("list-row-selected-phone.png"), fullPage: true });

    // On a thread the list is out of sight: / and j leave the page as it is; ? and r still work.
    await page.keyboard.press("Enter");
    await expect(page.getByRole("heading", { level: 1, name: names[0] })).toBeVisible();
    await page.keyboard.press("/");
    await page.keyboard.press("j");
    // Out of sight, so found by its id rather than its role.
    await expect(page.locator("#conversation-search")).not.toBeFocused();
    await expect(page.getByRole("heading", { level: 1, name: names[0] })).toBeVisible();
    await page.keyboard.press("?");
    await expect(dialog).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath("thread-shortcuts-dialog-phone.png"), fullPage: true });
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
    await page.keyboard.press("r");
    await expect(page.getByLabel("Reply to the customer")).toBeFocused();
    await expect(page.getByLabel("Reply to the customer")).toHaveValue("");
    await expectWindowNotToScroll(page);
    await page.screenshot({ path: testInfo.outputPath("thread-reply-focused-phone.png"), fullPage: true });
  });
});
