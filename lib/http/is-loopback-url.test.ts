import { describe, expect, it } from "vitest";
import { isLoopbackUrl } from "./is-loopback-url";

describe("isLoopbackUrl", () => {
  it.each(["http://localhost:4000", "http://127.0.0.1:4000/x", "http://127.9.8.7", "http://[::1]:4000"])("%s is this machine", (url) => {
    expect(isLoopbackUrl(new URL(url))).toBe(true);
  });

  it.each(["http://login.example.com", "http://localhost.example.com", "http://128.0.0.1", "http://10.0.0.1", "http://[::2]", "http://127.0.0.1.example.com"])("%s is not", (url) => {
    expect(isLoopbackUrl(new URL(url))).toBe(false);
  });
});
