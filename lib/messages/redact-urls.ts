// Raw payloads (a message CareDesk cannot read, a refused webhook body) are shown to people for
// diagnosis; the Vonage media URLs inside them must not be, so every URL is hidden first.

const URL_PATTERN = /(?:https?|ftp):(?:\\?\/){2}[^\s"'<>]+/gi;

function redactValue(value: unknown): unknown {
  if (typeof value === "string") return value.replace(URL_PATTERN, "[link hidden]");
  if (Array.isArray(value)) return value.map(redactValue);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, redactValue(inner)]));
  return value;
}

/**
 * Hides every URL in a raw payload, so Vonage media addresses never reach a browser. JSON is
 * parsed first (so escaped forms such as https:\/\/ or \u0068ttps are caught), then printed again.
 */
export function redactUrls(raw: string): string {
  try {
    return JSON.stringify(redactValue(JSON.parse(raw)), null, 2);
  } catch {
    return raw.replace(URL_PATTERN, "[link hidden]");
  }
}
