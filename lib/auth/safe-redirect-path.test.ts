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
    // Dot segments, plain or percent-encoded, that a browser resolves into "//host".
    ["/.//evil.example/x", "/conversations"],
    ["/..//x", "/conversations"],
    ["/%2e%2e//x", "/conversations"],
    ["/%2E%2e//x", "/conversations"],
    ["/a/..//x", "/conversations"],
    ["/a/.%2e//x", "/conversations"],
    ["/./%2e/..//evil.example", "/conversations"],
    // Harmless ones are kept, normalised as the browser would request them.
    ["/conversations/../admin/users", "/admin/users"],
    ["/a/%2e/b", "/a/b"],
    ["/%2F%2Fevil.example", "/%2F%2Fevil.example"],
    ["javascript:alert(1)", "/conversations"],
    [null, "/conversations"],
  ])("%j → %s", (input, expected) => {
    expect(safeRedirectPath(input)).toBe(expected);
  });
});
