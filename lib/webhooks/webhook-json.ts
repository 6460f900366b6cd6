// What a webhook's JSON may hold to be storable on both databases. PostgreSQL's text and jsonb
// cannot hold U+0000 and its timestamps stop at 4713 BC; Vonage never sends either, so a NUL
// becomes U+FFFD and a date outside years 1-9999 is refused (422) instead of failing the
// database write forever (503, which Vonage retries for 24 hours).
import { z } from "zod";

function isStorableDate(value: string): boolean {
  const time = Date.parse(value);
  if (Number.isNaN(time)) return false;
  const year = new Date(time).getUTCFullYear();
  return year >= 1 && year <= 9999;
}

export const webhookTimestamp = z.string().refine(isStorableDate, "must be an ISO 8601 date");

/** JSON.parse, with any NUL character in a string value replaced (only when the text has one). */
export function parseWebhookJson(text: string): unknown {
  if (!text.includes("\\u0000")) return JSON.parse(text);
  return JSON.parse(text, (_key, value: unknown) => (typeof value === "string" ? value.replaceAll("\u0000", "\uFFFD") : value));
}
