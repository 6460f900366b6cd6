/**
 * The client's address as the nearest proxy saw it. `next start` sets x-forwarded-for from the
 * socket; behind a load balancer, its own x-forwarded-for entry comes first.
 */
export function clientAddressOf(headers: Headers): string {
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return forwarded || headers.get("x-real-ip") || "unknown";
}
