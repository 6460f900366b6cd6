import { describe, expect, it } from "vitest";
import { describeSnoozeUntil, parseLocalDateTime, snoozeUntil } from "./snooze-presets";

// The presets are local times: checked in a zone with clock changes and one far from UTC. Node
// reads TZ again when it changes.
const ZONES = ["Europe/London", "Pacific/Auckland"];

function inZone<T>(zone: string, work: () => T): T {
  const previous = process.env.TZ;
  process.env.TZ = zone;
  try {
    return work();
  } finally {
    if (previous === undefined) delete process.env.TZ;
    else process.env.TZ = previous;
  }
}

/** The local wall-clock reading of an instant in the current zone, as "YYYY-MM-DD HH:MM (Day)". */
function wallClock(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, "0");
  const day = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"][date.getDay()];
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())} (${day})`;
}

describe.each(ZONES)("snooze presets in %s", (zone) => {
  it("brings a conversation back an hour later, whatever the clock says", () => {
    const now = new Date("2026-03-10T12:34:56.000Z");
    expect(inZone(zone, () => snoozeUntil("hour", now)).getTime() - now.getTime()).toBe(60 * 60_000);
  });

  it.each([
    // [local now, tomorrow 09:00, next Monday 09:00]
    ["2026-03-10T15:00", "2026-03-11 09:00 (Wed)", "2026-03-16 09:00 (Mon)"],
    // Late at night: tomorrow is still the next calendar day.
    ["2026-03-10T23:59", "2026-03-11 09:00 (Wed)", "2026-03-16 09:00 (Mon)"],
    // Just after midnight: "tomorrow" is the day after today's date, not a few hours away.
    ["2026-03-11T00:10", "2026-03-12 09:00 (Thu)", "2026-03-16 09:00 (Mon)"],
    // On a Sunday, next Monday is tomorrow; on a Monday, it is a week later.
    ["2026-03-15T10:00", "2026-03-16 09:00 (Mon)", "2026-03-16 09:00 (Mon)"],
    ["2026-03-16T08:00", "2026-03-17 09:00 (Tue)", "2026-03-23 09:00 (Mon)"],
    // Across the month's end.
    ["2026-03-31T17:00", "2026-04-01 09:00 (Wed)", "2026-04-06 09:00 (Mon)"],
  ])("from %s: tomorrow is %s, next Monday %s", (localNow, tomorrow, monday) => {
    inZone(zone, () => {
      const now = parseLocalDateTime(localNow)!;
      expect(wallClock(snoozeUntil("tomorrow", now))).toBe(tomorrow);
      expect(wallClock(snoozeUntil("monday", now))).toBe(monday);
    });
  });

  it("keeps 09:00 across a change of the clocks", () => {
    inZone(zone, () => {
      // Europe's clocks go forward on 29 March 2026, New Zealand's back on 5 April 2026.
      for (const localNow of ["2026-03-28T20:00", "2026-04-04T20:00"]) {
        const tomorrow = snoozeUntil("tomorrow", parseLocalDateTime(localNow)!);
        expect(tomorrow.getHours()).toBe(9);
        expect(tomorrow.getMinutes()).toBe(0);
      }
    });
  });

  it("reads a datetime-local field as the local time it names, with or without seconds", () => {
    inZone(zone, () => {
      expect(wallClock(parseLocalDateTime("2026-12-01T09:30")!)).toBe("2026-12-01 09:30 (Tue)");
      expect(parseLocalDateTime("2026-12-01T09:30:15")!.getSeconds()).toBe(15);
    });
  });
});

describe("parseLocalDateTime", () => {
  it.each(["", "tomorrow", "2026-12-01", "2026-12-01 09:30", "2026-02-31T09:00", "2026-13-01T09:00"])("refuses %j", (value) => {
    expect(parseLocalDateTime(value)).toBeNull();
  });
});

describe("describeSnoozeUntil", () => {
  it("names the weekday within a week and the date beyond", () => {
    inZone("Europe/London", () => {
      const now = parseLocalDateTime("2026-03-10T15:00")!;
      expect(describeSnoozeUntil(parseLocalDateTime("2026-03-16T09:00")!, now, "en-GB")).toMatch(/^Mon 09:00$/);
      expect(describeSnoozeUntil(parseLocalDateTime("2026-04-20T09:00")!, now, "en-GB")).toMatch(/^Mon,? 20 Apr 09:00$/);
    });
  });
});
