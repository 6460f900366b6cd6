import { decode, encode, type JWTDecodeParams } from "next-auth/jwt";
import { describe, expect, it, vi } from "vitest";
import { rememberingDecoder } from "./session-cookie";

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
