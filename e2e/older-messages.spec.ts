import { randomInt, randomUUID } from "node:crypto";
import { THREAD_PAGE_SIZE } from "../lib/conversations/thread-pages";
import { buildInboundPayload } from "../test/vonage-fake/build-payloads";
import { sendWebhook } from "../test/vonage-fake/send-webhook";
import { expect, test } from "./fixtures";
import { actionMessage, signInAsAgent, webhookTarget } from "./helpers";

// A thread longer than one page: it opens at its newest messages; "Older messages" puts the older
// ones above them in place (the address stays, the reader's place on the screen too) until the
// first message shows. A fresh render from the server leaves a reader who scrolled up where they are.

const OLDER = 10;
const MINUTE = 60_000;

test("older messages open in place above the newest, keeping the reader's place", async ({ page, baseURL }) => {
  const from = `4477005${String(randomInt(100_000)).padStart(5, "0")}`;
  const profileName = `Pages ${randomUUID().slice(0, 6)}`;
  const count = THREAD_PAGE_SIZE + OLDER;
  const startedAt = Date.now() - count * MINUTE;
  for (let index = 0; index < count; index++) {
    const text = `Line ${String(index).padStart(2, "0")} of the story`;
    const payload = buildInboundPayload({ channel: "whatsapp", messageType: "text", from, profileName, text, timestamp: new Date(startedAt + index * MINUTE) });
    expect((await sendWebhook(webhookTarget(baseURL!), "inbound", payload)).status).toBe(200);
  }

  await signInAsAgent(page);
  await page.goto(`/conversations?q=${encodeURIComponent(profileName)}`);
  await page.getByTestId("conversation-row").filter({ hasText: profileName }).first().click();
  const thread = page.getByRole("list", { name: "Messages" });
  const messages = thread.getByTestId("message");
  await expect(messages).toHaveCount(THREAD_PAGE_SIZE);
  await expect(messages.last()).toContainText(`Line ${count - 1} of the story`);
  await expect(thread.getByText(`Line ${String(OLDER - 1).padStart(2, "0")} of the story`)).toHaveCount(0);
  const threadUrl = page.url();

  // Read back to the top of the page. Where the reader is: how far below the thread's top edge
  // that message shows (the header above may change height).
  const firstShown = thread.getByText(`Line ${OLDER} of the story`);
  await firstShown.scrollIntoViewIfNeeded();
  const placeOnScreen = async () => (await firstShown.boundingBox())!.y - (await thread.boundingBox())!.y;
  const place = await placeOnScreen();

  // An action renders the page afresh: the reader stays there, not taken to the newest message.
  await page.getByRole("button", { name: "Mark unread" }).click();
  await expect(actionMessage(page)).toHaveText("Marked unread.");
  expect(Math.abs((await placeOnScreen()) - place)).toBeLessThan(2);

  await thread.getByRole("link", { name: "Older messages" }).click();
  await expect(messages).toHaveCount(count);
  await expect(messages.first()).toContainText("Line 00 of the story");
  await expect(thread.getByRole("link", { name: "Older messages" })).toHaveCount(0);
  expect(page.url()).toBe(threadUrl);
  // The older messages went in above: the reader's message stays where it was.
  expect(Math.abs((await placeOnScreen()) - place)).toBeLessThan(2);
});
