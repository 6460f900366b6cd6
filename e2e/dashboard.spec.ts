import { randomUUID } from "node:crypto";
import type { Page } from "@playwright/test";
import { buildInboundPayload } from "../test/vonage-fake/build-payloads";
import { sendWebhook } from "../test/vonage-fake/send-webhook";
import { expect, test } from "./fixtures";
import { actionMessage, mediaOrigin, signInAsAdmin, signInAsAgent, webhookTarget } from "./helpers";

async function openConversation(page: Page, name: string) {
  await page.getByTestId("conversation-row").filter({ hasText: name }).first().click();
  await expect(page.getByRole("heading", { level: 1, name, exact: true })).toBeVisible();
}

test("an agent reads a WhatsApp conversation: photos in a viewer, a voice note that plays, a video that seeks, a PDF that downloads", async ({ page }, testInfo) => {
  const mediaResponses: { url: string; status: number; contentRange?: string }[] = [];
  page.on("response", (response) => {
    if (response.url().includes("/api/media/")) mediaResponses.push({ url: response.url(), status: response.status(), contentRange: response.headers()["content-range"] });
  });
  await signInAsAgent(page);
  await expect(page.getByTestId("conversation-row").first()).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("list-desktop.png"), fullPage: true });

  await openConversation(page, "Priya Shah");
  await page.screenshot({ path: testInfo.outputPath("thread-desktop.png") });

  // Photos: thumbnails that load through the proxy and open in a viewer with keyboard navigation.
  const thumbnails = page.getByRole("button", { name: /^Open photo/ });
  await expect(thumbnails).toHaveCount(2);
  await expect.poll(() => thumbnails.first().locator("img").evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
  await thumbnails.first().click();
  const viewer = page.getByRole("dialog", { name: "Image viewer" });
  await expect(viewer).toBeVisible();
  await expect(viewer).toContainText("Image 1 of 2");
  await page.keyboard.press("ArrowRight");
  await expect(viewer).toContainText("Image 2 of 2");
  await expect(viewer.getByRole("link", { name: "Download" })).toHaveAttribute("href", /\/api\/media\/[a-z0-9]+\?download=1$/);
  await page.keyboard.press("Escape");
  await expect(viewer).toBeHidden();

  // The voice note plays through the media proxy.
  const audio = page.locator("audio").first();
  await audio.evaluate((element: HTMLAudioElement) => element.load());
  await expect.poll(() => audio.evaluate((element: HTMLAudioElement) => element.readyState), { timeout: 15_000 }).toBeGreaterThanOrEqual(2);

  // The video seeks: the browser asks for ranges and the proxy answers 206 with Content-Range.
  const video = page.locator("video").first();
  const videoUrl = await video.evaluate((element: HTMLVideoElement) => element.currentSrc || element.src);
  await video.evaluate(async (element: HTMLVideoElement) => {
    element.muted = true;
    if (element.readyState < 1) await new Promise((resolve) => element.addEventListener("loadedmetadata", resolve, { once: true }));
    element.currentTime = Math.max(0, (Number.isFinite(element.duration) ? element.duration : 2) - 0.5);
    await new Promise((resolve) => element.addEventListener("seeked", resolve, { once: true }));
  });
  await expect.poll(() => mediaResponses.filter((response) => response.url === videoUrl && response.status === 206).length, { timeout: 15_000 }).toBeGreaterThan(0);
  expect(mediaResponses.find((response) => response.url === videoUrl && response.status === 206)!.contentRange).toMatch(/^bytes \d+-\d+\/\d+$/);

  // The PDF downloads with its name.
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download" }).last().click();
  expect((await download).suggestedFilename()).toBe("receipt.pdf");

  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: testInfo.outputPath("thread-phone.png") });
  await page.goto("/conversations");
  await page.screenshot({ path: testInfo.outputPath("list-phone.png") });
});

test("expired media shows why, not a broken image", async ({ page }) => {
  await signInAsAgent(page);
  await openConversation(page, "Tom Okafor");
  await expect(page.getByTestId("media-unavailable")).toContainText("This media has expired: Vonage keeps inbound media for 48 hours.");
  await expect(page.getByRole("list", { name: "Messages" }).getByText("Location: Depot")).toBeVisible();
  await expect(page.getByRole("link", { name: "Open map" })).toHaveAttribute("href", /openstreetmap\.org\/\?mlat=51\.5072&mlon=-0\.1276/);
});

test("a new message appears live in the open thread and the list, without a reload", async ({ page, baseURL }) => {
  await signInAsAgent(page);
  await openConversation(page, "Priya Shah");
  await expect(page.locator("html")).toHaveAttribute("data-live", "connected");
  await page.evaluate(() => ((window as unknown as { marker: string }).marker = "same page"));
  const text = `Any news on the tank? ${randomUUID().slice(0, 8)}`;
  const payload = buildInboundPayload({ channel: "whatsapp", messageType: "text", from: "447700900011", profileName: "Priya Shah", text });
  expect((await sendWebhook(webhookTarget(baseURL!), "inbound", payload)).status).toBe(200);
  await expect(page.getByTestId("message").filter({ hasText: text })).toBeVisible({ timeout: 5_000 });
  await expect(page.getByTestId("conversation-row").filter({ hasText: text })).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { marker?: string }).marker)).toBe("same page");
});

test("resolve, reopen, assign and mark unread; filters and search narrow the list", async ({ page }) => {
  await signInAsAgent(page);
  await openConversation(page, "Lee Wong");
  await expect(page.getByText("Replying to: Do you still sell the Aurora kettle?")).toBeVisible();
  await page.getByRole("button", { name: "Resolve" }).click();
  await expect(actionMessage(page)).toHaveText("Resolved.");
  await expect(page.getByRole("button", { name: "Reopen" })).toBeVisible();
  await expect(page.getByTestId("conversation-row").filter({ hasText: "Lee Wong" })).toHaveCount(0);

  await page.getByRole("link", { name: "Resolved", exact: true }).click();
  await expect(page.getByTestId("conversation-row").filter({ hasText: "Lee Wong" })).toBeVisible();
  await openConversation(page, "Lee Wong");
  await page.getByRole("button", { name: "Reopen" }).click();
  await expect(actionMessage(page)).toHaveText("Reopened.");
  await page.getByRole("button", { name: "Assign to me" }).click();
  await expect(actionMessage(page)).toHaveText("Assignment saved.");
  await page.getByRole("button", { name: "Mark unread" }).click();
  await expect(actionMessage(page)).toHaveText("Marked unread.");

  await page.goto("/conversations?assigned=me");
  await expect(page.getByTestId("conversation-row")).toHaveCount(1);
  await expect(page.getByTestId("conversation-row")).toContainText("Lee Wong");
  await expect(page.getByTestId("conversation-row").getByRole("img", { name: "Unread" })).toBeVisible();

  await page.goto("/conversations");
  await page.getByLabel("Search by number, name or message text").fill("88213");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByTestId("conversation-row")).toHaveCount(1);
  await expect(page.getByTestId("conversation-row")).toContainText("SMS");

  await page.goto("/conversations");
  await page.getByLabel("Channel").selectOption("messenger");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByTestId("conversation-row")).toHaveCount(1);
  await expect(page.getByTestId("conversation-row")).toContainText("Messenger");
});

test("an agent replies in the demo with a canned reply and watches it reach Read; past WhatsApp's 24 hours, the template is offered", async ({ page }) => {
  await signInAsAgent(page);
  await openConversation(page, "Ana Costa");
  await expect(page.locator("html")).toHaveAttribute("data-live", "connected");
  // The demo sets no PUBLIC_URL for Vonage to fetch files from: the composer says so, in full.
  await expect(page.getByText("Attachments are off on this server: an admin sets PUBLIC_URL")).toBeVisible();
  await expect(page.getByText("Attach a file")).toBeHidden();
  const box = page.getByLabel("Reply to the customer");
  await box.fill("/tha");
  await expect(page.getByRole("option", { name: /\/thanks/ })).toBeVisible();
  await box.press("Enter");
  await expect(box).toHaveValue(/looking into it now\.$/);
  await box.press("Enter");
  // The demo's Messages API stand-in posts each status 0.8 s after the last.
  const status = page.getByTestId("message").filter({ hasText: "looking into it now." }).getByTestId("message-status");
  await expect(status).toHaveText("· Read ✓✓", { timeout: 15_000 });

  await openConversation(page, "Grace Mensah");
  await expect(page.getByTestId("window-closed")).toContainText("More than 24 hours have passed");
  const template = page.getByRole("form", { name: "Send a template" });
  await expect(template.getByLabel(/Customer name/)).toBeVisible();
  await expect(template.getByLabel(/Order number/)).toBeVisible();
});

test("the media gallery shows everything the customer sent", async ({ page }) => {
  await signInAsAgent(page);
  await openConversation(page, "Priya Shah");
  await page.getByRole("link", { name: "Media gallery" }).click();
  await expect(page.getByRole("heading", { name: "Media from Priya Shah" })).toBeVisible();
  const items = page.getByRole("list", { name: "Media" }).getByRole("listitem");
  await expect(items).toHaveCount(5);
  await page.getByRole("button", { name: /^Open photo/ }).first().click();
  await expect(page.getByRole("dialog", { name: "Image viewer" })).toContainText("Image 1 of 2");
});

test("no Vonage media URL and no JWT ever reach the browser", async ({ page, baseURL }) => {
  const seen: string[] = [];
  const bodies: Promise<string>[] = [];
  page.on("request", (request) => seen.push(request.url(), JSON.stringify(request.headers())));
  page.on("response", (response) => {
    seen.push(JSON.stringify(response.headers()));
    const type = response.headers()["content-type"] ?? "";
    // Every body but the live event stream, which never ends.
    if (/text|json|javascript|x-component/.test(type) && !type.includes("event-stream")) bodies.push(response.text().catch(() => ""));
  });
  // A signed webhook CareDesk cannot read, carrying a media URL: kept, and shown in the admin's webhook log.
  await sendWebhook(webhookTarget(baseURL!), "inbound", { ...buildInboundPayload({ channel: "whatsapp", messageType: "image", mediaOrigin }), message_uuid: 7 });
  await signInAsAgent(page);
  for (const name of ["Priya Shah", "Tom Okafor", "+1 415 555 0123", "4412345678905555", "Sam Lee"]) {
    await openConversation(page, name);
    await page.waitForLoadState("networkidle");
  }
  // An agent is told an admin can see what Vonage sent; the raw JSON is for admins.
  await expect(page.getByText("An admin can open what Vonage sent.").first()).toBeVisible();
  await expect(page.getByText("Show what Vonage sent (links hidden)")).toHaveCount(0);
  const html = await page.content();
  await page.getByRole("button", { name: "Sign out" }).click();
  // Signed out only once the sign-in page shows: navigating earlier would drop the sign-out.
  await expect(page).toHaveURL(/\/login/);
  await signInAsAdmin(page);
  // The admin opens the unknown type's raw JSON: its link is hidden there too.
  await openConversation(page, "Sam Lee");
  await page.getByText("Show what Vonage sent (links hidden)").click();
  await expect(page.getByText("[link hidden]").first()).toBeVisible();
  const adminThread = await page.content();
  await page.goto("/admin/webhooks?outcome=unreadable");
  await expect(page.getByText("Stored as an unreadable message").first()).toBeVisible();
  const everything = [html, adminThread, await page.content(), ...seen, ...(await Promise.all(bodies))].join("\n");
  expect(everything).not.toContain(mediaOrigin);
  expect(everything).not.toContain("/v3/media/");
  expect(everything).not.toMatch(/Bearer\s+eyJ/);
  expect(everything).not.toMatch(/eyJhbGciOiJSUzI1NiI/);
});
