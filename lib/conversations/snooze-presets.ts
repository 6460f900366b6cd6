// When a snoozed conversation comes back, from the choices the thread offers. Computed in the
// browser, in the agent's own time zone ("tomorrow 09:00" is their 09:00), and sent as an instant:
// the server runs in UTC and could not know which 09:00 was meant.

export const SNOOZE_PRESETS = [
  { id: "hour", label: "1 hour" },
  { id: "tomorrow", label: "Tomorrow 09:00" },
  { id: "monday", label: "Next Monday 09:00" },
] as const;

export type SnoozePreset = (typeof SNOOZE_PRESETS)[number]["id"];

const HOUR_MS = 60 * 60_000;
const MONDAY = 1;

/** `now` plus `days`, at `hour`:00 local time (a clock change in between is taken into account). */
function atLocalHour(now: Date, days: number, hour: number): Date {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate() + days, hour, 0, 0, 0);
}

/**
 * The instant a preset means, seen from `now` in the time zone `now`'s methods use (the browser's).
 * "Next Monday" on a Monday is the Monday a week later.
 */
export function snoozeUntil(preset: SnoozePreset, now: Date): Date {
  switch (preset) {
    case "hour":
      return new Date(now.getTime() + HOUR_MS);
    case "tomorrow":
      return atLocalHour(now, 1, 9);
    case "monday": {
      const daysAhead = (MONDAY - now.getDay() + 7) % 7 || 7;
      return atLocalHour(now, daysAhead, 9);
    }
  }
}

/**
 * A custom time from a datetime-local field ("2026-12-01T09:30", seconds optional), as the local
 * time it names; null when the field is empty or malformed.
 */
export function parseLocalDateTime(value: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/.exec(value.trim());
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1).map((part) => Number(part ?? 0)) as [number, number, number, number, number, number];
  const date = new Date(year, month - 1, day, hour, minute, second, 0);
  // 2026-02-31 rolls over into March: not what was typed.
  if (date.getFullYear() !== year || date.getMonth() !== month - 1 || date.getDate() !== day) return null;
  return date;
}

/**
 * "Mon 09:00" within the week ahead, "Mon 9 Mar 09:00" beyond: short enough for a thread's header.
 * In the reader's language (`locale` undefined) unless told.
 */
export function describeSnoozeUntil(until: Date, now: Date, locale?: string): string {
  const time = until.toLocaleTimeString(locale, { hour: "2-digit", minute: "2-digit" });
  const isWithinAWeek = until.getTime() - now.getTime() < 6 * 24 * HOUR_MS;
  const day = isWithinAWeek
    ? until.toLocaleDateString(locale, { weekday: "short" })
    : until.toLocaleDateString(locale, { weekday: "short", day: "numeric", month: "short" });
  return `${day} ${time}`;
}
