import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, isHttpsRequest, newNonce } from "./content-security-policy";

const directive = (policy: string, name: string) => policy.split("; ").find((entry) => entry.split(" ")[0] === name);

describe("the pages' Content-Security-Policy", () => {
  it("lets scripts run only with the request's nonce, never inline or through eval in production", () => {
    const policy = contentSecurityPolicy({ nonce: "abc123==", isDevelopment: false, isHttps: false });
    expect(directive(policy, "script-src")).toBe("script-src 'self' 'nonce-abc123==' 'strict-dynamic'");
    expect(policy).not.toContain("unsafe-inline");
    expect(policy).not.toContain("unsafe-eval");
    expect(directive(policy, "object-src")).toBe("object-src 'none'");
    expect(directive(policy, "frame-ancestors")).toBe("frame-ancestors 'none'");
  });

  it("allows eval and inline styles in development only, for React's error stacks and Next's development tools", () => {
    const policy = contentSecurityPolicy({ nonce: "n", isDevelopment: true, isHttps: false });
    expect(directive(policy, "script-src")).toBe("script-src 'self' 'nonce-n' 'strict-dynamic' 'unsafe-eval'");
    expect(directive(policy, "style-src")).toBe("style-src 'self' 'unsafe-inline'");
    expect(directive(contentSecurityPolicy({ nonce: "n", isDevelopment: false, isHttps: false }), "style-src")).toBe("style-src 'self' 'nonce-n'");
  });

  it("upgrades insecure requests only when served over https", () => {
    expect(contentSecurityPolicy({ nonce: "n", isDevelopment: false, isHttps: true })).toContain("upgrade-insecure-requests");
    expect(contentSecurityPolicy({ nonce: "n", isDevelopment: false, isHttps: false })).not.toContain("upgrade-insecure-requests");
  });

  it("lets forms lead only to CareDesk, and to the origins it is given (the single sign-on provider, from the sign-in page)", () => {
    expect(directive(contentSecurityPolicy({ nonce: "n", isDevelopment: false, isHttps: true }), "form-action")).toBe("form-action 'self'");
    const policy = contentSecurityPolicy({ nonce: "n", isDevelopment: false, isHttps: true, formActionOrigins: ["https://login.example.com"] });
    expect(directive(policy, "form-action")).toBe("form-action 'self' https://login.example.com");
  });

  it("makes a new base64 nonce of 128 bits each time", () => {
    const nonces = new Set(Array.from({ length: 100 }, newNonce));
    expect(nonces.size).toBe(100);
    for (const nonce of nonces) expect(Buffer.from(nonce, "base64")).toHaveLength(16);
  });

  it.each([
    [{}, undefined, false],
    [{ "x-forwarded-proto": "https" }, undefined, true],
    [{ "x-forwarded-proto": "https, http" }, undefined, true],
    [{ "x-forwarded-proto": "http" }, undefined, false],
    [{ "x-forwarded-proto": "http" }, "https://care.example.com", true],
    [{ "x-forwarded-proto": "https" }, "http://localhost:3000", false],
  ])("headers %o with AUTH_URL %s: https is %s", (headers, authUrl, isHttps) => {
    expect(isHttpsRequest(new Headers(headers), authUrl)).toBe(isHttps);
  });
});
