import { randomInt } from "node:crypto";
import { buildInboundPayload } from "../test/vonage-fake/build-payloads";
import { sendWebhook } from "../test/vonage-fake/send-webhook";
import { expect, test } from "./fixtures";
import { signInAsAdmin, signInAsAgent, webhookTarget } from "./helpers";

// A customer of this spec's own (the seeded demo customers stay for the other specs).
async function customerWritesIn(baseUrl: string) {
  const from = `4477009${randomInt(10_000, 99_999)}`;
  const name = `Erasable ${from.slice(-5)}`;
  const payload = buildInboundPayload({ channel: "whatsapp", messageType: "text", from, profileName: name, text: "Please delete everything you hold about me." });
  expect((await sendWebhook(webhookTarget(baseUrl), "inbound", payload)).status).toBe(200);
  return { from, name };
}

test("an agent is not offered to erase a customer", async ({ page, baseURL }) => {
  const customer = await customerWritesIn(baseURL!);
  await signInAsAgent(page);
  await page.getByTestId("conversation-row").filter({ hasText: customer.name }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: customer.name })).toBeVisible();
  await expect(page.getByRole("button", { name: "Erase customer…" })).toHaveCount(0);
});

test("an admin erases a customer and the thread is gone", async ({ page, baseURL }) => {
  const customer = await customerWritesIn(baseURL!);
  await signInAsAdmin(page);
  await page.getByTestId("conversation-row").filter({ hasText: customer.name }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: customer.name })).toBeVisible();
  const threadUrl = page.url();

  await page.getByRole("button", { name: "Erase customer…" }).click();
  const dialog = page.getByRole("dialog", { name: `Erase ${customer.name}?` });
  await expect(dialog).toBeVisible();
  const erase = dialog.getByRole("button", { name: "Erase for good" });
  // Nothing is erased until the customer's number is typed out.
  await expect(erase).toBeDisabled();
  await dialog.getByLabel(/to confirm/).fill(`+${customer.from}`);
  await erase.click();

  await expect(page).toHaveURL(/\/conversations\?notice=customer-erased$/);
  await expect(page.getByRole("status").filter({ hasText: "The customer was erased" })).toBeVisible();
  await expect(page.getByTestId("conversation-row").first()).toBeVisible();
  await expect(page.getByTestId("conversation-row").filter({ hasText: customer.name })).toHaveCount(0);

  const response = await page.goto(threadUrl);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "This conversation does not exist" })).toBeVisible();
});
