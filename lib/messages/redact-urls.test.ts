import { describe, expect, it } from "vitest";
import { redactUrls } from "./redact-urls";

describe("redactUrls", () => {
  it.each([
    ['{"image":{"url":"https://api-us.nexmo.com/v3/media/abc"}}'],
    ['{"image":{"url":"https:\\/\\/api-us.nexmo.com\\/v3\\/media\\/abc"}}'],
    ['{"image":{"url":"\\u0068ttps://api-us.nexmo.com/v3/media/abc"}}'],
    ['not json https://api-us.nexmo.com/v3/media/abc and https:\\/\\/api.nexmo.com\\/v3\\/media\\/x'],
    // Protocol-relative, scheme-less, and a scheme whose colon is escaped inside the JSON string.
    ['{"image":{"url":"//api-us.nexmo.com/v3/media/abc"}}'],
    ['{"image":{"url":"api.nexmo.com/v3/media/abc"}}'],
    ['{"image":{"url":"https\\\\u003a//api.nexmo.com/v3/media/abc"}}'],
    ['{"image":{"url":"https\\\\u003a\\\\u002f\\\\u002fapi.nexmo.com\\\\u002fv3"}}'],
    ['{"image":{"url":"https%3A%2F%2Fapi.nexmo.com%2Fv3%2Fmedia%2Fabc"}}'],
    ['not json //api.nexmo.com/v3/media/abc, api-eu.nexmo.com/v3/media/y and https\\u003a//api.nexmo.com/v3/media/z'],
  ])("hides the media URL in %s", (raw) => {
    const redacted = redactUrls(raw);
    expect(redacted).not.toMatch(/nexmo/);
    expect(redacted).toContain("[link hidden]");
  });

  it("keeps everything else", () => {
    expect(JSON.parse(redactUrls('{"text":"hello","n":1}'))).toEqual({ text: "hello", n: 1 });
    const prose = { text: "Hi. Order 1.5/2 arrived, see text/plain and caf\\u00e9 // thanks" };
    expect(JSON.parse(redactUrls(JSON.stringify(prose)))).toEqual(prose);
  });
});
