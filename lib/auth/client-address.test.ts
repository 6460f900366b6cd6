import { describe, expect, it } from "vitest";
import { clientAddressOf, UNKNOWN_CLIENT_ADDRESS } from "./client-address";

const headers = (forwardedFor?: string, realIp?: string) =>
  new Headers({ ...(forwardedFor !== undefined ? { "x-forwarded-for": forwardedFor } : {}), ...(realIp ? { "x-real-ip": realIp } : {}) });

describe("clientAddressOf", () => {
  it.each([
    // Behind nginx (1 hop): nginx appended the address it saw; the client's own claims are left of it.
    [1, "203.0.113.7", "203.0.113.7"],
    [1, "10.9.9.9, 203.0.113.7", "203.0.113.7"],
    // Behind a load balancer and nginx (2 hops): the balancer's entry, not nginx's view of it.
    [2, "10.9.9.9, 203.0.113.7, 192.0.2.1", "203.0.113.7"],
    [2, " 203.0.113.7 ,192.0.2.1", "203.0.113.7"],
    // Fewer entries than hops: every entry came from a trusted hop, the leftmost saw the client.
    [3, "203.0.113.7, 192.0.2.1", "203.0.113.7"],
    [1, "", UNKNOWN_CLIENT_ADDRESS],
    [1, undefined, UNKNOWN_CLIENT_ADDRESS],
    // No proxy: whatever the header says may be the client's claim.
    [0, "203.0.113.7", UNKNOWN_CLIENT_ADDRESS],
    [0, "10.9.9.9, 203.0.113.7", UNKNOWN_CLIENT_ADDRESS],
  ])("%i hop(s), x-forwarded-for %j → %s", (hops, forwardedFor, expected) => {
    expect(clientAddressOf(headers(forwardedFor), hops)).toBe(expected);
  });

  it("never believes x-real-ip, which a client talking to next start can set as it likes", () => {
    expect(clientAddressOf(headers(undefined, "198.51.100.1"), 1)).toBe(UNKNOWN_CLIENT_ADDRESS);
    expect(clientAddressOf(headers(undefined, "198.51.100.1"), 0)).toBe(UNKNOWN_CLIENT_ADDRESS);
  });
});
