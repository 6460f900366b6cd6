// What a webhook's JSON may hold to be storable on both databases. PostgreSQL's text and jsonb
// cannot hold U+0000 and its timestamps stop at 4713 BC; Vonage never sends either, so a NUL
// becomes U+FFFD and a date outside years 1-9999 is not read as a date, instead of failing the
// database write forever (5xx, which Vonage retries for 24 hours).
import { z } from "zod";

function isStorableDate(value: string): boolean {
  const time = Date.parse(value);
  if (Number.isNaN(time)) return false;
  const year = new Date(time).getUTCFullYear();
  return year >= 1 && year <= 9999;
}

export const webhookTimestamp = z.string().refine(isStorableDate, "must be an ISO 8601 date");

// A `\u0000` escape that is not itself escaped (an even run of backslashes before it).
const NUL_ESCAPE = /(?<!\\)((?:\\\\)*)\\u0000/g;

/**
 * JSON.parse, with every NUL character replaced, in keys as in values. Done on the text, not with
 * a reviver: a reviver recurses, and overflows the stack on a body nested 200,000 deep.
 */
export function parseWebhookJson(text: string): unknown {
  return JSON.parse(text.includes("\\u0000") ? text.replace(NUL_ESCAPE, "$1\\uFFFD") : text);
}
