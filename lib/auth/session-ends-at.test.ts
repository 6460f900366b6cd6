import { describe, expect, it } from "vitest";
import { isTimeToMarkSeen, sessionEndsAt } from "./session-ends-at";

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const limits = { idleMs: 8 * HOUR_MS, maxMs: 12 * HOUR_MS };
const signedIn = new Date("2026-03-02T08:00:00Z");
const at = (ms: number) => new Date(signedIn.getTime() + ms);

describe("sessionEndsAt", () => {
  it("is the idle limit after the last request, while that comes first", () => {
    expect(sessionEndsAt({ createdAt: signedIn, lastSeenAt: signedIn }, limits)).toEqual(at(8 * HOUR_MS));
    expect(sessionEndsAt({ createdAt: signedIn, lastSeenAt: at(HOUR_MS) }, limits)).toEqual(at(9 * HOUR_MS));
  });

  it("is never later than the absolute limit after sign-in, however recent the last request", () => {
    expect(sessionEndsAt({ createdAt: signedIn, lastSeenAt: at(5 * HOUR_MS) }, limits)).toEqual(at(12 * HOUR_MS));
    expect(sessionEndsAt({ createdAt: signedIn, lastSeenAt: at(11 * HOUR_MS + 59 * MINUTE_MS) }, limits)).toEqual(at(12 * HOUR_MS));
  });
});

describe("isTimeToMarkSeen", () => {
  it("moves the idle clock at most once a minute", () => {
    expect(isTimeToMarkSeen(signedIn, at(59_999), limits)).toBe(false);
    expect(isTimeToMarkSeen(signedIn, at(MINUTE_MS), limits)).toBe(true);
  });

  it("more often when the idle limit is short, so activity still counts", () => {
    const short = { idleMs: 3_000, maxMs: 9_000 };
    expect(isTimeToMarkSeen(signedIn, at(299), short)).toBe(false);
    expect(isTimeToMarkSeen(signedIn, at(300), short)).toBe(true);
  });
});
