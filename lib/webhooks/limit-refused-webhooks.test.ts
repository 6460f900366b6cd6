import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createRefusalLimiter } from "./limit-refused-webhooks";

describe("createRefusalLimiter", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function limiter() {
    const events: string[] = [];
    const refusals = createRefusalLimiter({
      perMinute: 3,
      onLimitReached: (reason) => events.push(`limit ${reason}`),
      onSkippedCount: (reason, skipped) => events.push(`skipped ${reason} ${skipped}`),
    });
    return { refusals, events };
  }

  it("records at most N refusals per reason and minute, and logs a count of the rest when the minute ends", () => {
    const { refusals, events } = limiter();
    const flood = Array.from({ length: 1_000 }, () => refusals.admit("invalid_signature"));
    expect(flood.filter(Boolean)).toHaveLength(3);
    expect(refusals.admit("bad_request")).toBe(true);
    expect(events).toEqual(["limit invalid_signature"]);
    vi.advanceTimersByTime(60_000);
    expect(events).toEqual(["limit invalid_signature", "skipped invalid_signature 997"]);
    expect(refusals.admit("invalid_signature")).toBe(true);
  });

  it("logs nothing more when no refusal went over the limit", () => {
    const { refusals, events } = limiter();
    for (let minute = 0; minute < 3; minute++) {
      expect([refusals.admit("invalid_signature"), refusals.admit("invalid_signature")]).toEqual([true, true]);
      vi.advanceTimersByTime(60_000);
    }
    expect(events).toEqual([]);
  });
});
