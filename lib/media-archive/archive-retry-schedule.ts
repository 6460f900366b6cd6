// When a failed copy is tried again: soon at first (a blip at Vonage), then less and less often,
// never past the 48 hours Vonage keeps inbound media, when there is nothing left to copy.
const DELAYS_MS = [30_000, 2 * 60_000, 10 * 60_000, 30 * 60_000];
const LONGEST_DELAY_MS = 60 * 60_000;
/** How long Vonage keeps an inbound file after the message arrived. */
export const VONAGE_MEDIA_LIFETIME_MS = 48 * 60 * 60_000;

/**
 * The next attempt after `failedAttempts` (1 after the first failure), or null when the file is
 * past Vonage's lifetime: the item is then gone, not failed.
 */
export function nextArchiveAttemptAt(failedAttempts: number, arrivedAt: Date, now: Date): Date | null {
  const deadline = arrivedAt.getTime() + VONAGE_MEDIA_LIFETIME_MS;
  if (now.getTime() >= deadline) return null;
  const delay = DELAYS_MS[Math.max(0, failedAttempts - 1)] ?? LONGEST_DELAY_MS;
  return new Date(Math.min(now.getTime() + delay, deadline));
}
