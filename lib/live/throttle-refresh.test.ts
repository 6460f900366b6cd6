import { describe, expect, it } from "vitest";
import type { Timers } from "./coalesce";
import { createThrottledRefresh } from "./throttle-refresh";

/** A clock the test moves by hand, firing due timers in order. */
function manualTimers() {
  let now = 0;
  let nextHandle = 1;
  const pending = new Map<number, { at: number; callback: () => void }>();
  const timers: Timers = {
    setTimeout: (callback, ms) => {
      const handle = nextHandle++;
      pending.set(handle, { at: now + ms, callback });
      return handle;
    },
    clearTimeout: (handle) => void pending.delete(handle as number),
    now: () => now,
  };
  // Lets answered refreshes settle (their promise chains) before looking for due timers.
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  const advanceTo = async (target: number) => {
    for (;;) {
      await settle();
      const due = [...pending.entries()].filter(([, timer]) => timer.at <= target).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      pending.delete(due[0]);
      now = due[1].at;
      due[1].callback();
    }
    now = target;
  };
  return { timers, advanceTo };
}

/** A refresh the test answers by hand; records when each one started. */
function manualRefresh(clock: () => number) {
  const startedAt: number[] = [];
  let answer: (() => void) | null = null;
  return {
    startedAt,
    refresh: () =>
      new Promise<void>((resolve) => {
        startedAt.push(clock());
        answer = resolve;
      }),
    answer: () => answer?.(),
  };
}

describe("refreshing after live updates", () => {
  it("refreshes at once for the first update, then at most once a second however many arrive", async () => {
    const { timers, advanceTo } = manualTimers();
    const calls = manualRefresh(timers.now);
    const refresher = createThrottledRefresh(async () => calls.refresh().then(() => undefined), { minIntervalMs: 1_000, isHidden: () => false }, timers);
    refresher.request();
    await advanceTo(0);
    expect(calls.startedAt).toEqual([0]);
    calls.answer();
    for (let at = 100; at <= 2_500; at += 100) {
      await advanceTo(at);
      refresher.request();
      calls.answer();
    }
    await advanceTo(5_000);
    calls.answer();
    await advanceTo(6_000);
    expect(calls.startedAt).toEqual([0, 1_000, 2_000, 3_000]);
  });

  it("never runs two at once: an update during a slow refresh asks for one more after it", async () => {
    const { timers, advanceTo } = manualTimers();
    const calls = manualRefresh(timers.now);
    const refresher = createThrottledRefresh(calls.refresh, { minIntervalMs: 1_000, isHidden: () => false }, timers);
    refresher.request();
    await advanceTo(0);
    refresher.request();
    await advanceTo(3_000);
    expect(calls.startedAt).toEqual([0]);
    calls.answer();
    await advanceTo(3_001);
    expect(calls.startedAt).toEqual([0, 3_000]);
  });

  it("holds back while the tab is hidden, and catches up once when it is shown", async () => {
    const { timers, advanceTo } = manualTimers();
    const calls = manualRefresh(timers.now);
    let isHidden = true;
    const refresher = createThrottledRefresh(calls.refresh, { minIntervalMs: 1_000, isHidden: () => isHidden }, timers);
    for (let at = 0; at < 10_000; at += 500) {
      await advanceTo(at);
      refresher.request();
    }
    expect(calls.startedAt).toEqual([]);
    await advanceTo(12_000);
    expect(calls.startedAt).toEqual([]);
    isHidden = false;
    refresher.onVisible();
    await advanceTo(13_000);
    expect(calls.startedAt).toEqual([12_000]);
  });

  it("does nothing when nothing changed, and nothing after it is disposed", async () => {
    const { timers, advanceTo } = manualTimers();
    const calls = manualRefresh(timers.now);
    const refresher = createThrottledRefresh(calls.refresh, { minIntervalMs: 1_000, isHidden: () => false }, timers);
    refresher.onVisible();
    await advanceTo(2_000);
    expect(calls.startedAt).toEqual([]);
    refresher.request();
    refresher.dispose();
    await advanceTo(4_000);
    expect(calls.startedAt).toEqual([]);
  });
});
