/**
 * Whether `url` names this machine (localhost, 127.0.0.0/8, [::1]): plain http to it never crosses
 * a network, which is why the single sign-on settings allow http there and nowhere else.
 */
export function isLoopbackUrl(url: URL): boolean {
  const host = url.hostname;
  return host === "localhost" || host === "[::1]" || /^127(\.\d{1,3}){3}$/.test(host);
}
