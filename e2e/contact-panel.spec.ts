import { randomInt, randomUUID } from "node:crypto";
import { buildInboundPayload } from "../test/vonage-fake/build-payloads";
import { sendWebhook } from "../test/vonage-fake/send-webhook";
import { expect, test } from "./fixtures";
import { agent, expectNoSeriousAxeViolations, expectWindowNotToScroll, signIn, webhookTarget } from "./helpers";

// The contact panel beside a thread, at a laptop's and a phone's size: one number writes on
// WhatsApp and on SMS; an agent sees the other conversation in the panel (a column on the laptop,
// a drawer behind "Contact" on the phone) and follows its link, names the customer and sees the
// name in the thread's header and the list. The window never scrolls; axe finds nothing serious.
// Screenshots go to this test's output folder.

const SIZES = [
  { name: "desktop", width: 1280, height: 800, isPhone: false },
  { name: "phone", width: 390, height: 844, isPhone: true },
] as const;

/** The same number writes on WhatsApp and on SMS (to the demo's two business numbers). */
async function customerWritesOnTwoChannels(baseUrl: string) {
  const from = `4477006${String(randomInt(100_000)).padStart(5, "0")}`;
  const profileName = `Panel ${randomUUID().slice(0, 6)}`;
  for (const channel of ["sms", "whatsapp"] as const) {
    const payload = buildInboundPayload({ channel, messageType: "text", from, profileName, text: `My order has not arrived (${channel})` });
    expect((await sendWebhook(webhookTarget(baseUrl), "inbound", payload)).status).toBe(200);
  }
  return { from, profileName };
}

for (const size of SIZES) {
  test.describe(`at ${size.width}×${size.height}`, () => {
    test.use({ viewport: { width: size.width, height: size.height } });

    test("the panel lists the customer's other conversation and links to it; naming the customer shows in the header and the list", async ({ page, baseURL }, testInfo) => {
      // Two axe runs and three page loads: more than the default minute on a busy machine.
      test.slow();
      const customer = await customerWritesOnTwoChannels(baseURL!);
      const number = `+44 7700 6${customer.from.slice(-5)}`;
      await signIn(page, agent.email, agent.password);
      // The first sign-in of a freshly started server (hashing, first render) can be slow on a busy machine.
      await expect(page).toHaveURL(/\/conversations/, { timeout: 30_000 });
      await page.getByTestId("conversation-row").filter({ hasText: customer.profileName }).first().click();
      await expect(page.getByRole("heading", { level: 1, name: customer.profileName })).toBeVisible();

      const panel = page.getByRole("region", { name: "Contact" });
      const contactButton = page.getByRole("button", { name: "Contact", exact: true });
      // The panel loads on its own, after the thread: here once its lines are in the page.
      await expect(page.getByTestId("contact-identity")).toHaveCount(2);
      if (size.isPhone) {
        // Behind "Contact" on a phone; a column of its own on a laptop.
        await expect(panel).toBeHidden();
        await contactButton.click();
        await expect(panel.getByRole("button", { name: "Close" })).toBeFocused();
      } else {
        await expect(contactButton).toBeHidden();
      }
      await expect(panel).toBeVisible();
      await expect(panel.getByText(customer.profileName, { exact: true })).toBeVisible();
      await expect(panel.getByText("First seen")).toBeVisible();
      const identities = panel.getByTestId("contact-identity");
      await expect(identities).toHaveCount(2);
      await expect(identities.filter({ hasText: "WhatsApp" })).toContainText(number);
      await expect(identities.filter({ hasText: "SMS" })).toContainText(number);
      const otherConversation = panel.getByRole("link", { name: /SMS/ });
      await expect(otherConversation).toHaveCount(1);
      await expectWindowNotToScroll(page);
      await page.screenshot({ path: testInfo.outputPath(`contact-panel-${size.name}.png`) });
      await expectNoSeriousAxeViolations(page);

      // Naming the customer: the panel, the thread's header and the list show it. A name of its
      // own: the demo's customers (Priya Shah…) are what other specs look for by name.
      const name = `Ines Duarte ${randomUUID().slice(0, 4)}`;
      await panel.getByLabel("Name").fill(name);
      await panel.getByRole("button", { name: "Save name" }).click();
      await expect(panel.getByRole("status")).toHaveText("Name saved.");
      await expect(panel.getByTestId("contact-name")).toHaveText(name);
      await expect(page.getByRole("heading", { level: 1, name })).toBeAttached();
      await expect(panel.getByText(`WhatsApp profile name: ${customer.profileName}`)).toBeVisible();
      await page.screenshot({ path: testInfo.outputPath(`contact-renamed-${size.name}.png`) });
      if (size.isPhone) {
        await panel.getByRole("button", { name: "Close" }).click();
        await expect(panel).toBeHidden();
        await expect(contactButton).toBeFocused();
        await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
        await page.getByRole("link", { name: "← All" }).click();
        await expect(page).toHaveURL(/\/conversations$/);
      } else {
        await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
      }
      await expect(page.getByTestId("conversation-row").filter({ hasText: name })).toBeVisible();
      await expectWindowNotToScroll(page);

      // The other conversation, through the panel's link: the same number on SMS, listing the WhatsApp one back.
      if (size.isPhone) {
        await page.goBack();
        await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
        await expect(page.getByTestId("contact-identity")).toHaveCount(2);
        await contactButton.click();
        await expect(panel).toBeVisible();
      }
      await otherConversation.click();
      await expect(page.getByRole("heading", { level: 1, name: number })).toBeAttached();
      await expect(page.getByTestId("contact-other-conversation").filter({ hasText: "WhatsApp" })).toBeAttached();
      if (size.isPhone) await contactButton.click();
      await expect(panel.getByRole("link", { name: /WhatsApp/ })).toBeVisible();
      await expectWindowNotToScroll(page);
      await page.screenshot({ path: testInfo.outputPath(`contact-other-conversation-${size.name}.png`) });
      await expectNoSeriousAxeViolations(page);
    });
  });
}
