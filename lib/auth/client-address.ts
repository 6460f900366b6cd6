/**
 * The client's address for sign-in throttling and the audit trail. `next start` sets
 * x-forwarded-for from the socket only when the request has none, and a proxy in front appends the
 * address it saw, so the last entry is the one a trusted hop wrote; earlier entries are whatever
 * the client claimed. Deploy behind a proxy that sets the header (see README).
 */
export function clientAddressOf(headers: Headers): string {
  const forwarded = headers.get("x-forwarded-for")?.split(",").map((part) => part.trim()).filter(Boolean);
  return forwarded?.at(-1) || headers.get("x-real-ip") || "unknown";
}
