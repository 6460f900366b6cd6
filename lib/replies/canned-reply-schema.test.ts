import { describe, expect, it } from "vitest";
import { cannedReplySchema } from "./canned-reply-schema";

describe("the canned reply schema", () => {
  it.each([
    ["Refund-Policy", "refund-policy"],
    ["/greeting", "greeting"],
    [" out_of_office ", "out_of_office"],
    ["a".repeat(32), "a".repeat(32)],
  ])("takes the shortcut %j as %j", (shortcut, stored) => {
    expect(cannedReplySchema.parse({ shortcut, text: "Hello!" }).shortcut).toBe(stored);
  });

  it.each(["", "/", "refund policy", "remboursé", "a".repeat(33), "refund/policy"])("refuses the shortcut %j, saying what a shortcut may hold", (shortcut) => {
    expect(cannedReplySchema.safeParse({ shortcut, text: "Hello!" }).error?.issues[0]).toMatchObject({
      path: ["shortcut"],
      message: "A shortcut is 1 to 32 letters, digits, - or _, without spaces (like refund-policy).",
    });
  });

  it("needs 1 to 4096 characters of text", () => {
    expect(cannedReplySchema.safeParse({ shortcut: "hello", text: "  " }).error?.issues[0]?.message).toBe("Write the text agents insert.");
    expect(cannedReplySchema.safeParse({ shortcut: "hello", text: "x".repeat(4097) }).error?.issues[0]?.message).toBe("A canned reply can have at most 4096 characters.");
    expect(cannedReplySchema.safeParse({ shortcut: "hello", text: "x".repeat(4096) }).success).toBe(true);
  });
});
