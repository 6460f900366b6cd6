/** Only same-site paths: a sign-in link must not send a person to another site. */
export function safeRedirectPath(value: unknown, fallback = "/conversations"): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//") || value.includes("\\")) return fallback;
  return value;
}
