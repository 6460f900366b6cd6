import "server-only";
import { headers } from "next/headers";

/** This deployment's public address as the browser reached it (behind a proxy: its forwarded host). */
export async function publicUrl(path: string): Promise<string> {
  const incoming = await headers();
  const host = incoming.get("x-forwarded-host") ?? incoming.get("host") ?? "localhost:3000";
  const protocol = incoming.get("x-forwarded-proto")?.split(",")[0] ?? "http";
  return `${protocol}://${host}${path}`;
}
