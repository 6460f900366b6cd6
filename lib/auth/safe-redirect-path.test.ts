import { describe, expect, it } from "vitest";
import { safeRedirectPath } from "./safe-redirect-path";

describe("safeRedirectPath", () => {
  it.each([
    ["/conversations/abc?x=1", "/conversations/abc?x=1"],
    ["https://evil.example/", "/conversations"],
    ["//evil.example", "/conversations"],
    ["/\\evil.example", "/conversations"],
    ["/\t/evil.example", "/conversations"],
    ["/\n/evil.example", "/conversations"],
    ["/%09/evil.example", "/%09/evil.example"],
    ["javascript:alert(1)", "/conversations"],
    [null, "/conversations"],
  ])("%j → %s", (input, expected) => {
    expect(safeRedirectPath(input)).toBe(expected);
  });
});
