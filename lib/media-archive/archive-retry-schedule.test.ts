import { describe, expect, it } from "vitest";
import { nextArchiveAttemptAt, VONAGE_MEDIA_LIFETIME_MS } from "./archive-retry-schedule";

const arrivedAt = new Date("2026-12-01T10:00:00.000Z");
const minutes = (count: number) => count * 60_000;

describe("nextArchiveAttemptAt", () => {
  it.each([
    [1, 30_000],
    [2, minutes(2)],
    [3, minutes(10)],
    [4, minutes(30)],
    [5, minutes(60)],
    [40, minutes(60)],
  ])("after %i failed attempt(s) waits %i ms", (failedAttempts, delayMs) => {
    const now = new Date(arrivedAt.getTime() + minutes(5));
    expect(nextArchiveAttemptAt(failedAttempts, arrivedAt, now)?.getTime()).toBe(now.getTime() + delayMs);
  });

  it("never schedules past the 48 hours Vonage keeps the file", () => {
    const now = new Date(arrivedAt.getTime() + VONAGE_MEDIA_LIFETIME_MS - minutes(10));
    expect(nextArchiveAttemptAt(6, arrivedAt, now)?.getTime()).toBe(arrivedAt.getTime() + VONAGE_MEDIA_LIFETIME_MS);
  });

  it("gives up once the 48 hours have passed", () => {
    expect(nextArchiveAttemptAt(1, arrivedAt, new Date(arrivedAt.getTime() + VONAGE_MEDIA_LIFETIME_MS))).toBeNull();
    expect(nextArchiveAttemptAt(9, arrivedAt, new Date(arrivedAt.getTime() + VONAGE_MEDIA_LIFETIME_MS + 1))).toBeNull();
  });
});
