import { describe, expect, it } from "vitest";
import { parseWebhookJson, webhookTimestamp } from "./webhook-json";

describe("webhook JSON", () => {
  it("replaces NUL characters, which PostgreSQL cannot store", () => {
    expect(parseWebhookJson('{"text":"a\\u0000b","list":["\\u0000"]}')).toEqual({ text: "a\uFFFDb", list: ["\uFFFD"] });
    expect(parseWebhookJson('{"text":"plain"}')).toEqual({ text: "plain" });
  });

  it("replaces NUL characters in keys too, and leaves an escaped backslash before u0000 alone", () => {
    expect(parseWebhookJson('{"a\\u0000b":{"\\u0000":1},"literal":"\\\\u0000","both":"\\\\\\u0000"}')).toEqual({
      "a\uFFFDb": { "\uFFFD": 1 },
      literal: "\\u0000",
      both: "\\\uFFFD",
    });
  });

  it("parses a body with a NUL nested 200,000 deep without overflowing the stack", () => {
    const depth = 200_000;
    const parsed = parseWebhookJson(`${'{"a":'.repeat(depth)}"\\u0000"${"}".repeat(depth)}`) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(["a"]);
  });

  it.each(["2025-01-31T10:00:00Z", "2025-01-31T10:00:00.123+01:00", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z"])("accepts %s", (value) => {
    expect(webhookTimestamp.safeParse(value).success).toBe(true);
  });

  it.each(["yesterday", "-271821-04-20T00:00:00.000Z", "+275760-09-13T00:00:00.000Z", "+010000-01-01T00:00:00Z"])("refuses %s", (value) => {
    expect(webhookTimestamp.safeParse(value).success).toBe(false);
  });
});
