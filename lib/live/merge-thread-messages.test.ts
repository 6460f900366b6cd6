import { describe, expect, it } from "vitest";
import type { ThreadMessage } from "../conversations/thread-message";
import { mergeThreadMessages } from "./merge-thread-messages";

const message = (id: string, minute: number, status: string | null = null): ThreadMessage => ({
  id,
  messageUuid: `uuid-${id}`,
  direction: status ? "outbound" : "inbound",
  author: null,
  delivery: null,
  template: null,
  channel: "whatsapp",
  messageType: "text",
  text: `text ${id}`,
  content: null,
  extras: {},
  sentAt: new Date(Date.UTC(2026, 10, 29, 12, minute)).toISOString(),
  status,
  media: [],
  quoted: null,
  rawPreview: null,
});

describe("merging live messages into an open thread", () => {
  const thread = [message("a", 1), message("b", 2, "submitted")];

  it("appends a new message and keeps the order by time, even when it arrives late", () => {
    expect(mergeThreadMessages(thread, [message("d", 4), message("c", 3)], { isNewestPage: true }).map((item) => item.id)).toEqual(["a", "b", "c", "d"]);
  });

  it("replaces a message whose status changed, in place", () => {
    const merged = mergeThreadMessages(thread, [message("b", 2, "read")], { isNewestPage: true });
    expect(merged.map((item) => [item.id, item.status])).toEqual([["a", null], ["b", "read"]]);
  });

  it("on an older page, updates what it shows and adds nothing", () => {
    const merged = mergeThreadMessages(thread, [message("b", 2, "delivered"), message("c", 3)], { isNewestPage: false });
    expect(merged.map((item) => [item.id, item.status])).toEqual([["a", null], ["b", "delivered"]]);
  });
});
