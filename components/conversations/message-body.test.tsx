import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { ThreadMedia, ThreadMessage } from "@/lib/conversations/thread-message";
import { MessageBody } from "./message-body";

const inbound = (overrides: Partial<ThreadMessage>): ThreadMessage => ({
  id: "m-1",
  messageUuid: "uuid-1",
  direction: "inbound",
  author: null,
  delivery: null,
  template: null,
  channel: "whatsapp",
  messageType: "text",
  text: "Is this still in stock?",
  content: null,
  extras: {},
  sentAt: new Date(Date.UTC(2026, 3, 1, 12)).toISOString(),
  status: null,
  media: [],
  quoted: null,
  rawPreview: null,
  ...overrides,
});

const media = (overrides: Partial<ThreadMedia>): ThreadMedia => ({
  id: "media-1",
  kind: "image",
  caption: null,
  fileName: null,
  contentType: null,
  sizeBytes: null,
  archiveState: "archived",
  archiveError: null,
  hasPreview: false,
  availableUntil: null,
  retentionDays: null,
  ...overrides,
});

/** What a reader sees: the markup's text, tags removed. */
const seen = (message: ThreadMessage) => renderToStaticMarkup(<MessageBody message={message} />).replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");

describe("MessageBody shows what came with a message", () => {
  it("shows the ad the customer came from above the message, linking it when it is a web address", () => {
    const html = renderToStaticMarkup(
      <MessageBody message={inbound({ extras: { adReferral: { headline: "Spring sale", body: "Free returns all month", sourceUrl: "https://fb.me/abc123", sourceType: "ad" } } })} />,
    );
    expect(html.indexOf("Came from an ad: Spring sale")).toBeGreaterThan(-1);
    expect(html.indexOf("Came from an ad")).toBeLessThan(html.indexOf("Is this still in stock?"));
    expect(html).toContain("Free returns all month");
    expect(html).toContain('href="https://fb.me/abc123"');
    expect(renderToStaticMarkup(<MessageBody message={inbound({ extras: { adReferral: { headline: "X", sourceUrl: "javascript:alert(1)" } } })} />)).not.toContain("javascript:");
  });

  it("says which product the customer asks about", () => {
    expect(seen(inbound({ extras: { referredProduct: { catalogId: "1267260820787549", productId: "r07qei73l7" } } }))).toContain(
      "Asking about product r07qei73l7 from catalog 1267260820787549",
    );
  });

  it("shows the SMS keyword as a badge", () => {
    expect(seen(inbound({ channel: "sms", extras: { smsKeyword: "STOP" } }))).toContain("Keyword: STOP");
  });

  it("says in words when the quoted message is not in CareDesk, and quotes it when it is", () => {
    expect(seen(inbound({ quoted: { isKnown: false, text: null } }))).toContain("Replying to a message CareDesk does not have");
    expect(seen(inbound({ quoted: { isKnown: true, text: "Photo: The box as it arrived" } }))).toContain("Replying to: Photo: The box as it arrived");
    expect(seen(inbound({ quoted: { isKnown: false, text: null } }))).not.toMatch(/a unknown/);
  });

  it("draws a sticker small, as a sticker, with no button opening the photo viewer", () => {
    const html = renderToStaticMarkup(<MessageBody message={inbound({ messageType: "sticker", text: null, media: [media({ kind: "sticker" })] })} />);
    expect(html).toContain('alt="Sticker"');
    expect(html).not.toContain("Open photo");
    expect(html).not.toContain("<button");
  });
});
