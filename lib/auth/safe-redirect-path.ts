/**
 * Only same-site paths: a sign-in link must not send a person to another site. Browsers drop tabs
 * and newlines from URLs and read backslashes as slashes, so those are refused outright.
 */
export function safeRedirectPath(value: unknown, fallback = "/conversations"): string {
  if (typeof value !== "string" || !value.startsWith("/") || /[\u0000-\u001f\u007f\\]/.test(value)) return fallback;
  const base = "http://caredesk.invalid";
  let url: URL;
  try {
    // Resolves dot segments, %2e included, as a browser would: "/..//x" becomes "//x".
    url = new URL(value, base);
  } catch {
    return fallback;
  }
  // Checked after normalising: a path that now starts with "//" is another site to a browser.
  if (url.origin !== base || value.startsWith("//") || url.pathname.startsWith("//")) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}
