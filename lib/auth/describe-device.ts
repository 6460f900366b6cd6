// What a session is shown as ("Chrome on Linux", "Safari on iPhone"): a short summary of the
// User-Agent a sign-in came with, so a person can tell their sessions apart. The header itself is
// never stored: it is long, says more than needed, and is whatever the client chose to send.

/** The longest summary this returns; Session.device holds no more. */
export const MAX_DEVICE_LENGTH = 64;
/** Only the start of the header is looked at: every browser names itself well before this. */
const MAX_USER_AGENT_LENGTH = 512;

export const UNKNOWN_DEVICE = "Unknown device";

// Order matters: browsers built on Chrome also say "Chrome" and "Safari", and every iOS browser
// says "Safari"; the more specific token is checked first.
const BROWSERS: [RegExp, string][] = [
  [/\bEdg(?:e|A|iOS)?\//, "Edge"],
  [/\bOPR\/|\bOpera\b/, "Opera"],
  [/\bSamsungBrowser\//, "Samsung Internet"],
  [/\bVivaldi\//, "Vivaldi"],
  [/\bFirefox\/|\bFxiOS\//, "Firefox"],
  [/\bChrom(?:e|ium)\/|\bCriOS\//, "Chrome"],
  // An app's web view on iOS says neither "Safari" nor its own name: it is Safari inside.
  [/\bSafari\/|\biP(?:hone|ad|od)\b.*\bAppleWebKit\//, "Safari"],
  [/\bMSIE \d|\bTrident\//, "Internet Explorer"],
];

// iOS says "like Mac OS X", Android says "Linux": those come first.
const SYSTEMS: [RegExp, string][] = [
  [/\biPhone\b/, "iPhone"],
  [/\biPad\b/, "iPad"],
  [/\biPod\b/, "iPod"],
  [/\bAndroid\b/, "Android"],
  [/\bCrOS\b/, "ChromeOS"],
  [/\bWindows\b/, "Windows"],
  [/\bMacintosh\b|\bMac OS X\b/, "macOS"],
  [/\bLinux\b|\bX11\b/, "Linux"],
];

const firstMatch = (table: [RegExp, string][], text: string) => table.find(([pattern]) => pattern.test(text))?.[1];

/** A short, readable summary of a User-Agent header; "Unknown device" when it says nothing useful. */
export function describeDevice(userAgent: string | null | undefined): string {
  const text = (userAgent ?? "").slice(0, MAX_USER_AGENT_LENGTH);
  const browser = firstMatch(BROWSERS, text);
  const system = firstMatch(SYSTEMS, text);
  if (browser && system) return `${browser} on ${system}`;
  if (browser) return browser;
  if (system) return `Browser on ${system}`;
  // Not a browser (curl, a script): its own name, the header's first word, if it has a plain one.
  const tool = /^([A-Za-z][A-Za-z0-9._-]{0,39})(?:\/|\s|$)/.exec(text)?.[1];
  return tool && tool !== "Mozilla" ? tool : UNKNOWN_DEVICE;
}
