import { describe, expect, it } from "vitest";
import { safeRedirectPath } from "./safe-redirect-path";

describe("safeRedirectPath", () => {
  it.each([
    ["/conversations/abc?x=1", "/conversations/abc?x=1"],
    ["https://evil.example/", "/conversations"],
    ["//evil.example", "/conversations"],
    ["/\\evil.example", "/conversations"],
    [null, "/conversations"],
  ])("%s → %s", (input, expected) => {
    expect(safeRedirectPath(input)).toBe(expected);
  });
});
