import { decode, encode, type JWTDecodeParams } from "next-auth/jwt";
import { afterEach, describe, expect, it, vi } from "vitest";
import { reloadEnv } from "../env";
import { hasSessionCookie, rememberingDecoder } from "./session-cookie";

const secret = "a-test-secret-that-is-long-enough-0123456789";
const salt = "authjs.session-token";

describe("rememberingDecoder", () => {
  it("decrypts a cookie once and answers later requests from memory until the cookie expires", async () => {
    let nowMs = Date.now();
    const decodeToken = vi.fn((params: JWTDecodeParams) => decode(params));
    const decodeRemembered = rememberingDecoder({ maxEntries: 10, now: () => nowMs, decodeToken });
    const token = await encode({ token: { sub: "user-1", sessionVersion: 3 }, secret, salt, maxAge: 60 });

    const first = await decodeRemembered({ token, secret, salt });
    expect(first).toMatchObject({ sub: "user-1", sessionVersion: 3 });
    expect(await decodeRemembered({ token, secret, salt })).toEqual(first);
    expect(decodeToken).toHaveBeenCalledTimes(1);

    // Once the clock passes the cookie's exp, memory no longer answers: the cookie is decrypted again
    // (and Auth.js's decode, on the real clock, decides).
    nowMs += 61_000;
    expect(await decodeRemembered({ token, secret, salt })).toEqual(first);
    expect(decodeToken).toHaveBeenCalledTimes(2);
  });

  it("keys by cookie name too: the same value under another name is decrypted (and refused) afresh", async () => {
    const decodeRemembered = rememberingDecoder({ maxEntries: 10 });
    const token = await encode({ token: { sub: "user-1" }, secret, salt });
    expect(await decodeRemembered({ token, secret, salt })).toMatchObject({ sub: "user-1" });
    await expect(decodeRemembered({ token, secret, salt: `__Secure-${salt}` })).rejects.toThrow();
  });

  it("remembers at most maxEntries cookies, forgetting the least recently used, and never a refused one", async () => {
    const decodeToken = vi.fn((params: JWTDecodeParams) => decode(params));
    const decodeRemembered = rememberingDecoder({ maxEntries: 2, decodeToken });
    const [a, b, c] = await Promise.all(["a", "b", "c"].map((sub) => encode({ token: { sub }, secret, salt })));
    const read = (token: string) => decodeRemembered({ token, secret, salt });
    await read(a!);
    await read(b!);
    await read(a!); // a is now more recent than b
    expect(decodeToken).toHaveBeenCalledTimes(2);
    await read(c!); // full: forgets b
    await read(a!);
    expect(decodeToken).toHaveBeenCalledTimes(3);
    await read(b!);
    expect(decodeToken).toHaveBeenCalledTimes(4);

    await expect(read("forged")).rejects.toThrow();
    await expect(read("forged")).rejects.toThrow();
    expect(decodeToken).toHaveBeenCalledTimes(6);
  });
});

describe("hasSessionCookie: the cookie name Auth.js uses for the request", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    reloadEnv();
  });
  const request = (cookie: string, forwardedProto?: string) =>
    new Headers({ host: "care.example.test", cookie, ...(forwardedProto ? { "x-forwarded-proto": forwardedProto } : {}) });

  it.each([
    ["over http, the plain name", "authjs.session-token=v", "http", true],
    ["over http, not the __Secure- name", "__Secure-authjs.session-token=v", "http", false],
    ["behind an https proxy, the __Secure- name", "__Secure-authjs.session-token=v", "https", true],
    ["behind an https proxy, not the plain name", "authjs.session-token=v", "https", false],
    ["a cookie Auth.js split into chunks", "authjs.session-token.0=v; authjs.session-token.1=w", "http", true],
    ["no session cookie among others", "authjs.csrf-token=v; other=w", "http", false],
  ] as const)("%s", async (_, cookie, forwardedProto, expected) => {
    expect(await hasSessionCookie(request(cookie, forwardedProto))).toBe(expected);
  });

  it("with AUTH_URL set, its scheme decides, whatever the request says", async () => {
    vi.stubEnv("AUTH_URL", "https://care.example.test");
    reloadEnv();
    expect(await hasSessionCookie(request("__Secure-authjs.session-token=v", "http"))).toBe(true);
    expect(await hasSessionCookie(request("authjs.session-token=v", "http"))).toBe(false);
  });

  it("says no, rather than failing, when the forwarded host makes no URL", async () => {
    const headers = request("authjs.session-token=v", "http");
    headers.set("x-forwarded-host", "not a host");
    expect(await hasSessionCookie(headers)).toBe(false);
  });
});
