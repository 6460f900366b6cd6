import { describe, expect, it } from "vitest";
import { threadMessage } from "@/test/support/thread-messages";
import { mergeThreadMessages } from "./merge-thread-messages";


describe("merging live messages into an open thread", () => {
  const thread = [threadMessage("a", 1), threadMessage("b", 2, "submitted")];

  it("appends a new message and keeps the order by time, even when it arrives late", () => {
    expect(mergeThreadMessages(thread, [threadMessage("d", 4), threadMessage("c", 3)], { isNewestPage: true }).map((item) => item.id)).toEqual(["a", "b", "c", "d"]);
  });

  it("replaces a message whose status changed, in place", () => {
    const merged = mergeThreadMessages(thread, [threadMessage("b", 2, "read")], { isNewestPage: true });
    expect(merged.map((item) => [item.id, item.status])).toEqual([["a", null], ["b", "read"]]);
  });

  it("on an older page, updates what it shows and adds nothing", () => {
    const merged = mergeThreadMessages(thread, [threadMessage("b", 2, "delivered"), threadMessage("c", 3)], { isNewestPage: false });
    expect(merged.map((item) => [item.id, item.status])).toEqual([["a", null], ["b", "delivered"]]);
  });
});
