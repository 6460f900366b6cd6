import { describe, expect, it } from "vitest";
import { redactUrls } from "./redact-urls";

describe("redactUrls", () => {
  it.each([
    ['{"image":{"url":"https://api-us.nexmo.com/v3/media/abc"}}'],
    ['{"image":{"url":"https:\\/\\/api-us.nexmo.com\\/v3\\/media\\/abc"}}'],
    ['{"image":{"url":"\\u0068ttps://api-us.nexmo.com/v3/media/abc"}}'],
    ['not json https://api-us.nexmo.com/v3/media/abc and https:\\/\\/api.nexmo.com\\/v3\\/media\\/x'],
  ])("hides the media URL in %s", (raw) => {
    const redacted = redactUrls(raw);
    expect(redacted).not.toMatch(/nexmo\.com/);
    expect(redacted).toContain("[link hidden]");
  });

  it("keeps everything else", () => {
    expect(JSON.parse(redactUrls('{"text":"hello","n":1}'))).toEqual({ text: "hello", n: 1 });
  });
});
