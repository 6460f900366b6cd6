import { describe, expect, it } from "vitest";
import { createCoalescer, type Timers } from "./coalesce";

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
  const advanceTo = (target: number) => {
    for (;;) {
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

describe("coalescing live updates", () => {
  it("applies a burst once, after it goes quiet", () => {
    const { timers, advanceTo } = manualTimers();
    const batches: number[][] = [];
    const coalescer = createCoalescer<number>((batch) => batches.push(batch), { quietMs: 100, maxWaitMs: 1_000 }, timers);
    coalescer.push(1);
    advanceTo(50);
    coalescer.push(2);
    advanceTo(140);
    expect(batches).toEqual([]);
    advanceTo(150);
    expect(batches).toEqual([[1, 2]]);
  });

  it("under a steady stream faster than the quiet window, still applies at the maximum wait", () => {
    const { timers, advanceTo } = manualTimers();
    const appliedAt: number[] = [];
    let clock = 0;
    const coalescer = createCoalescer<number>(() => appliedAt.push(clock), { quietMs: 100, maxWaitMs: 1_000 }, timers);
    // An update every 50 ms for 5 s: the quiet window never passes.
    for (clock = 0; clock < 5_000; clock += 50) {
      advanceTo(clock);
      coalescer.push(clock);
    }
    advanceTo(5_000);
    expect(appliedAt.length).toBeGreaterThanOrEqual(4);
    // No update waited longer than the maximum wait (plus one arrival interval).
    const gaps = appliedAt.map((at, index) => at - (appliedAt[index - 1] ?? 0));
    expect(Math.max(...gaps)).toBeLessThanOrEqual(1_050);
  });

  it("gathers while paused and applies everything in one batch on resume", () => {
    const { timers, advanceTo } = manualTimers();
    const batches: number[][] = [];
    const coalescer = createCoalescer<number>((batch) => batches.push(batch), { quietMs: 100, maxWaitMs: 1_000 }, timers);
    coalescer.pause();
    for (let item = 0; item < 30; item++) {
      coalescer.push(item);
      advanceTo(item * 500);
    }
    expect(batches).toEqual([]);
    coalescer.resume();
    expect(batches).toHaveLength(1);
    expect(batches[0]).toHaveLength(30);
  });

  it("applies nothing after it is disposed", () => {
    const { timers, advanceTo } = manualTimers();
    const batches: number[][] = [];
    const coalescer = createCoalescer<number>((batch) => batches.push(batch), { quietMs: 100, maxWaitMs: 1_000 }, timers);
    coalescer.push(1);
    coalescer.dispose();
    advanceTo(2_000);
    expect(batches).toEqual([]);
  });
});
