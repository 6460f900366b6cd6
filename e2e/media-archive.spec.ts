// The media archive from an agent's seat: a photo whose copy at Vonage has expired (the demo
// expires it once CareDesk has archived it) still opens, in the thread and in the viewer, served
// from CareDesk's own encrypted copy, and the thread says the file is kept.
import { expect, test } from "./fixtures";
import { signInAsAgent } from "./helpers";

/** An archived file's ETag is its stored copy's id (a cuid); Vonage's are 16 hex digits in quotes. */
const ARCHIVE_ETAG = /^"c[a-z0-9]{20,}"$/;

test("an agent opens a photo whose Vonage copy has expired and sees it, from the archive", async ({ page }) => {
  const etags = new Map<string, string | undefined>();
  page.on("response", (response) => {
    if (response.url().includes("/api/media/") && response.request().method() === "GET") etags.set(new URL(response.url()).pathname + new URL(response.url()).search, response.headers().etag);
  });
  await signInAsAgent(page);
  // Found by search: other specs add conversations to the shared demo server.
  await page.goto("/conversations?q=Priya");
  await page.getByTestId("conversation-row").filter({ hasText: "Priya Shah" }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: "Priya Shah" })).toBeVisible();

  // Priya's first photo, sent two days ago: Vonage no longer has it.
  const kept = page.getByTestId("message-media").filter({ has: page.getByRole("button", { name: /^Open photo/ }) }).first();
  await expect(kept.getByTestId("media-archive-state")).toHaveText("Kept in CareDesk");
  const thumbnail = kept.locator("img");
  await expect.poll(() => thumbnail.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
  const thumbnailSrc = await thumbnail.getAttribute("src");
  expect(etags.get(thumbnailSrc!)).toMatch(ARCHIVE_ETAG);

  // The viewer shows the original, from the archive too.
  await kept.getByRole("button", { name: /^Open photo/ }).click();
  const viewer = page.getByRole("dialog", { name: "Image viewer" });
  const full = viewer.locator("img");
  await expect.poll(() => full.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
  const fullSrc = await full.getAttribute("src");
  expect(fullSrc).not.toContain("variant=");
  expect(etags.get(fullSrc!)).toMatch(ARCHIVE_ETAG);
  await expect(viewer.getByRole("link", { name: "Download" })).toHaveAttribute("href", `${fullSrc}?download=1`);
});
