import { generateKeyPairSync } from "node:crypto";
import jwt from "jsonwebtoken";
import { describe, expect, it } from "vitest";
import { signWebhook } from "@/test/vonage-fake/sign-webhook";
import { sha256Hex, verifyWebhookSignature } from "./verify-webhook-signature";

const secret = "test-signature-secret-0123456789";
const body = new TextEncoder().encode(JSON.stringify({ message_uuid: "m-1", text: "hello" }));
const token = signWebhook(body, { signatureSecret: secret, apiKey: "abc123" });

function verify(overrides: Partial<Parameters<typeof verifyWebhookSignature>[0]> = {}) {
  return verifyWebhookSignature({ authorization: `Bearer ${token}`, body, signatureSecret: secret, apiKey: "abc123", ...overrides });
}

describe("verifyWebhookSignature", () => {
  it("accepts a webhook signed as Vonage signs it", () => {
    expect(verify()).toMatchObject({ iss: "Vonage", api_key: "abc123", payload_hash: sha256Hex(body) });
  });

  it.each([
    ["no header", { authorization: null }, /Missing Authorization header/],
    ["not Bearer", { authorization: `Basic ${token}` }, /not `Bearer <JWT>`/],
    ["wrong secret", { signatureSecret: "another-secret" }, /does not verify with VONAGE_SIGNATURE_SECRET/],
    ["tampered body", { body: new TextEncoder().encode('{"message_uuid":"m-2"}') }, /altered after Vonage signed it/],
    ["wrong api key", { apiKey: "someone-else" }, /another Vonage account/],
  ])("refuses %s", (_, overrides, reason) => {
    expect(() => verify(overrides)).toThrow(reason);
  });

  it("refuses alg none", () => {
    const unsigned = jwt.sign({ payload_hash: sha256Hex(body), api_key: "abc123", iat: 1 }, "", { algorithm: "none" });
    expect(() => verify({ authorization: `Bearer ${unsigned}` })).toThrow(/does not verify/);
  });

  it("refuses an RS256 token, even one whose key is the secret's text (algorithm confusion)", () => {
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const rs = jwt.sign({ payload_hash: sha256Hex(body), api_key: "abc123" }, privateKey, { algorithm: "RS256" });
    expect(() => verify({ authorization: `Bearer ${rs}` })).toThrow(/does not verify/);
  });

  it("refuses a token issued in the future beyond the clock skew, accepts a small skew", () => {
    const future = signWebhook(body, { signatureSecret: secret, apiKey: "abc123", issuedAt: new Date(Date.now() + 3600_000) });
    expect(() => verify({ authorization: `Bearer ${future}` })).toThrow(/issued in the future/);
    const nearFuture = signWebhook(body, { signatureSecret: secret, apiKey: "abc123", issuedAt: new Date(Date.now() + 60_000) });
    expect(verify({ authorization: `Bearer ${nearFuture}` }).api_key).toBe("abc123");
  });

  it("skips the api_key check when none is configured", () => {
    expect(verify({ apiKey: undefined }).payload_hash).toBe(sha256Hex(body));
  });
});
