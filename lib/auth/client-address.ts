import { getEnv } from "../env";

/** What the audit trail records, and the per-address limit skips, when the address is not known. */
export const UNKNOWN_CLIENT_ADDRESS = "unknown";

/**
 * The client's address for sign-in throttling and the audit trail. Each proxy in front appends the
 * address it saw to x-forwarded-for, so the entry `trustedProxyHops` from the right is the one the
 * outermost trusted proxy wrote; entries left of it are whatever the client claimed. `next start`
 * fills the header from the socket only when it is absent, so with no proxy (0 hops) any value may
 * be the client's own claim: the address is unknown. Fewer entries than hops means the request
 * skipped an outer proxy; every entry was still written by a trusted hop, so the leftmost counts.
 */
export function clientAddressOf(headers: Headers, trustedProxyHops = getEnv().TRUSTED_PROXY_HOPS): string {
  if (trustedProxyHops === 0) return UNKNOWN_CLIENT_ADDRESS;
  const forwarded = headers.get("x-forwarded-for")?.split(",").map((part) => part.trim()).filter(Boolean) ?? [];
  return forwarded[Math.max(0, forwarded.length - trustedProxyHops)] ?? UNKNOWN_CLIENT_ADDRESS;
}
