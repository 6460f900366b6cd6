import { describe, expect, it } from "vitest";
import { describeDevice, MAX_DEVICE_LENGTH, UNKNOWN_DEVICE } from "./describe-device";

describe("describeDevice", () => {
  // Real User-Agent headers of current browsers, and what a person is shown for each.
  it.each([
    ["Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", "Chrome on Linux"],
    ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", "Chrome on Windows"],
    ["Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", "Chrome on macOS"],
    ["Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", "Chrome on ChromeOS"],
    ["Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36", "Chrome on Android"],
    ["Mozilla/5.0 (iPhone; CPU iPhone OS 17_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1", "Chrome on iPhone"],
    ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0", "Edge on Windows"],
    ["Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36 EdgA/131.0.0.0", "Edge on Android"],
    ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 OPR/115.0.0.0", "Opera on Windows"],
    ["Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36", "Samsung Internet on Android"],
    ["Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Vivaldi/7.0", "Vivaldi on Linux"],
    ["Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0", "Firefox on Linux"],
    ["Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0", "Firefox on Windows"],
    ["Mozilla/5.0 (iPad; CPU OS 17_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) FxiOS/133.0 Mobile/15E148 Safari/605.1.15", "Firefox on iPad"],
    ["Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15", "Safari on macOS"],
    ["Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1", "Safari on iPhone"],
    ["Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148", "Safari on iPhone"],
    ["Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; rv:11.0) like Gecko", "Internet Explorer on Windows"],
  ])("%s → %s", (userAgent, expected) => {
    expect(describeDevice(userAgent)).toBe(expected);
  });

  it("names a browser it does not know by its system, and a tool by its own name", () => {
    expect(describeDevice("Mozilla/5.0 (X11; Linux x86_64) SomeNewBrowser/1.0")).toBe("Browser on Linux");
    expect(describeDevice("curl/8.5.0")).toBe("curl");
    expect(describeDevice("python-requests/2.32.3")).toBe("python-requests");
    expect(describeDevice("node")).toBe("node");
  });

  it("says it does not know when the header is missing, empty or says nothing readable", () => {
    for (const userAgent of [undefined, null, "", "   ", "Mozilla/5.0", "<script>alert(1)</script>", "\u0000\u0007 hello"]) {
      expect(describeDevice(userAgent)).toBe(UNKNOWN_DEVICE);
    }
  });

  it("stays short whatever it is sent, and reads only the start of a huge header", () => {
    const long = `${"a".repeat(10_000)}/1.0`;
    expect(describeDevice(long)).toBe(UNKNOWN_DEVICE);
    expect(describeDevice(`${"b".repeat(39)}/1.0`)).toHaveLength(39);
    expect(describeDevice(`${"b".repeat(41)}/1.0`)).toBe(UNKNOWN_DEVICE);
    // A browser's name past the part read is not looked for.
    expect(describeDevice(`Mozilla/5.0 (X11; Linux x86_64) ${"x".repeat(600)} Firefox/133.0`)).toBe("Browser on Linux");
    const started = performance.now();
    describeDevice(`Mozilla/5.0 (iPhone ${"AppleWebKit/ ".repeat(100_000)}`);
    expect(performance.now() - started).toBeLessThan(50);
    for (const userAgent of ["Mozilla/5.0 (Linux; Android 14) SamsungBrowser/26.0 Chrome/122.0", long]) {
      expect(describeDevice(userAgent).length).toBeLessThanOrEqual(MAX_DEVICE_LENGTH);
    }
  });
});
