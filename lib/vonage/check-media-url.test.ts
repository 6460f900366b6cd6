import { describe, expect, it } from "vitest";
import { parseEnv } from "../env";
import { checkMediaUrl } from "./check-media-url";

const origins = parseEnv({}).VONAGE_MEDIA_ORIGINS;
const id = "1b456509-974c-458b-aafa-45fc48a4d976";

describe("checkMediaUrl", () => {
  it.each(["api.nexmo.com", "api-us.nexmo.com", "api-eu.nexmo.com", "api-ap.nexmo.com"])("allows https://%s/v3/media/<id>", (host) => {
    expect(checkMediaUrl(`https://${host}/v3/media/${id}`, origins).pathname).toBe(`/v3/media/${id}`);
  });

  it("allows the explicit default port", () => {
    expect(checkMediaUrl(`https://api.nexmo.com:443/v3/media/${id}`, origins).host).toBe("api.nexmo.com");
  });

  it.each([
    ["a look-alike host", `https://api.nexmo.com.evil.example/v3/media/${id}`, /not one of the media origins/],
    ["a suffix look-alike", `https://evilapi.nexmo.com/v3/media/${id}`, /not one of the media origins/],
    ["user-info", `https://api.nexmo.com@evil.example/v3/media/${id}`, /user information/],
    ["user-info on the right host", `https://user:pass@api.nexmo.com/v3/media/${id}`, /user information/],
    ["another port", `https://api.nexmo.com:8443/v3/media/${id}`, /not one of the media origins/],
    ["plain http", `http://api.nexmo.com/v3/media/${id}`, /not one of the media origins/],
    ["another path", `https://api.nexmo.com/v1/users/${id}`, /path is not/],
    ["path traversal", `https://api.nexmo.com/v3/media/../../v1/accounts`, /path is not/],
    ["an encoded traversal", `https://api.nexmo.com/v3/media/%2e%2e%2fsecret`, /path is not/],
    ["a query", `https://api.nexmo.com/v3/media/${id}?redirect=https://evil.example`, /query or fragment/],
    ["a metadata address", `http://169.254.169.254/latest/meta-data/`, /not one of the media origins/],
    ["loopback", `http://127.0.0.1:8080/v3/media/${id}`, /not one of the media origins/],
    ["not a URL", `not a url`, /not a URL/],
    ["a file URL", `file:///etc/passwd`, /not one of the media origins/],
  ])("refuses %s", (_, url, reason) => {
    expect(() => checkMediaUrl(url, origins)).toThrow(reason);
  });

  it("allows a local stand-in only when it is configured", () => {
    const local = parseEnv({ VONAGE_MEDIA_ORIGINS: "http://127.0.0.1:4010" }).VONAGE_MEDIA_ORIGINS;
    expect(checkMediaUrl(`http://127.0.0.1:4010/v3/media/${id}`, local).port).toBe("4010");
    expect(() => checkMediaUrl(`http://127.0.0.1:4011/v3/media/${id}`, local)).toThrow(/not one of/);
  });
});
