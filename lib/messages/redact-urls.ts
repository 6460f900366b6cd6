// Raw payloads (a message CareDesk cannot read, a refused webhook body) are shown to people for
// diagnosis; the Vonage media URLs inside them must not be, so every URL is hidden first.

const SLASH = String.raw`(?:/|%2f)`;
const URL_PATTERN = new RegExp(
  [
    // scheme://host/… and protocol-relative //host/…
    String.raw`(?:\b[a-z][a-z0-9+.-]*(?::|%3a))?${SLASH}{2}[^\s"'<>]+`,
    // host/… without a scheme, such as api.nexmo.com/v3/media/…
    String.raw`\b(?:[a-z0-9-]+\.)+[a-z]{2,}(?::\d+)?${SLASH}[^\s"'<>]*`,
    // a Vonage host on its own
    String.raw`\b(?:[a-z0-9-]+\.)*(?:nexmo|vonage)\.com\b`,
  ].join("|"),
  "gi",
);

// Escapes a browser or a reader would undo (https\u003a//, https:\/\/, \x2f), undone before matching.
const ESCAPE = /\\u([0-9a-f]{4})|\\x([0-9a-f]{2})|\\(\/)/gi;

function hideUrls(text: string): string {
  const unescaped = text.replace(ESCAPE, (_, unicode?: string, hex?: string, slash?: string) => slash ?? String.fromCharCode(parseInt((unicode ?? hex)!, 16)));
  // Escapes are undone only where a link is found, so other text is shown as it came.
  return unescaped.search(URL_PATTERN) >= 0 ? unescaped.replace(URL_PATTERN, "[link hidden]") : text;
}

function redactValue(value: unknown): unknown {
  if (typeof value === "string") return hideUrls(value);
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
    return hideUrls(raw);
  }
}
