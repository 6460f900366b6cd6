// Presence between two people at two desks (two browsers), at a laptop's and a phone's size: the
// agent opens a thread and sees that the admin is viewing it, then that the admin is typing a
// reply, and the line goes when the admin leaves; neither ever sees themselves. The thread showing
// presence is photographed into this test's output folder and checked with axe.
import { randomInt, randomUUID } from "node:crypto";
import type { Page } from "@playwright/test";
import { buildInboundPayload } from "../test/vonage-fake/build-payloads";
import { sendWebhook } from "../test/vonage-fake/send-webhook";
import { expect as baseExpect, test } from "./fixtures";
import { admin, agent, expectNoSeriousAxeViolations, signIn, webhookTarget } from "./helpers";

// Patient on a busy machine (two browsers, a server, other suites), and still far below the 30 s
// after which the server forgets a tab that went silent: the line goes because the tab said so.
const expect = baseExpect.configure({ timeout: 10_000 });

const SIZES = [
  { name: "desktop", width: 1280, height: 800 },
  { name: "phone", width: 390, height: 844 },
] as const;

/** The admin has no name: others see their email's local part. */
const adminShownAs = admin.email.split("@")[0]!;
/** The demo's agent (scripts/demo/start-demo.ts). */
const agentShownAs = "Demo Agent";

async function openThread(page: Page, customer: string) {
  await page.getByTestId("conversation-row").filter({ hasText: customer }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: customer })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("data-live", "connected");
}

// Two browsers sign in, and axe reads a whole thread: more than the default minute on a busy machine.
test.describe.configure({ timeout: 120_000 });

for (const size of SIZES) {
  test(`at ${size.width}×${size.height} the agent sees the admin viewing and typing a reply on the thread, and the line goes when they leave`, async ({ page, newIsolatedPage, baseURL }, testInfo) => {
    const customer = `Presence ${randomUUID().slice(0, 8)}`;
    const from = `4477007${String(randomInt(100_000)).padStart(5, "0")}`;
    const payload = buildInboundPayload({ channel: "whatsapp", messageType: "text", from, profileName: customer, text: "Has my parcel left the warehouse?" });
    expect((await sendWebhook(webhookTarget(baseURL!), "inbound", payload)).status).toBe(200);

    const adminPage = page;
    const agentPage = await newIsolatedPage();
    for (const each of [adminPage, agentPage]) await each.setViewportSize({ width: size.width, height: size.height });
    await signIn(adminPage, admin.email, admin.password);
    await signIn(agentPage, agent.email, agent.password);
    for (const each of [adminPage, agentPage]) await expect(each).toHaveURL(/\/conversations/);

    await openThread(agentPage, customer);
    const agentSees = agentPage.getByTestId("presence");
    await expect(agentSees).toHaveText("");
    await openThread(adminPage, customer);
    const adminSees = adminPage.getByTestId("presence");

    await expect(agentSees).toHaveText(`${adminShownAs} is viewing`);
    await expect(agentSees).toHaveRole("status");
    // Each sees the other, never themselves.
    await expect(adminSees).toHaveText(`${agentShownAs} is viewing`);
    await expect(agentSees).not.toContainText(agentShownAs);
    await expect(adminSees).not.toContainText(adminShownAs);
    // The line sits just above the reply box, in view, and the reply box stays in view.
    await expect(agentSees).toBeInViewport();
    await expect(agentPage.getByLabel("Reply to the customer")).toBeInViewport();
    await agentPage.screenshot({ path: testInfo.outputPath(`presence-viewing-${size.name}.png`) });

    await adminPage.getByLabel("Reply to the customer").pressSequentially("Let me check where it is", { delay: 20 });
    await expect(agentSees).toHaveText(`${adminShownAs} is typing a reply`);
    await agentPage.screenshot({ path: testInfo.outputPath(`presence-typing-${size.name}.png`) });
    await expectNoSeriousAxeViolations(agentPage);

    // Leaving: at the laptop the admin goes to another page (the page goes away); on the phone
    // back to the list within the app (the thread closes, the page stays).
    if (size.name === "desktop") {
      await adminPage.goto("/conversations");
    } else {
      await adminPage.getByRole("link", { name: "← All" }).click();
      await expect(adminPage.getByTestId("conversation-row").first()).toBeVisible();
    }
    await expect(agentSees).toHaveText("");
    await agentPage.screenshot({ path: testInfo.outputPath(`presence-gone-${size.name}.png`) });
  });
}
