import { getEnv } from "../env";

export function lockedMessage(): string {
  const minutes = getEnv().AUTH_LOCKOUT_MINUTES;
  return `Too many failed sign-ins. Sign-in is paused for this account or network: try again in up to ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}

export const SIGN_IN_UNAVAILABLE = "CareDesk cannot check sign-ins right now. Try again in a moment; if it keeps happening, tell your admin.";
