// Coalesces a burst of live updates into one batch for the page: applied once things go quiet
// for `quietMs`, and never later than `maxWaitMs` after the first one waiting, so a steady stream
// faster than the quiet window still updates the page at that pace. Paused (a tab in the
// background) it only gathers; resumed, it applies everything gathered in one batch.

export type CoalesceOptions = { quietMs: number; maxWaitMs: number };

/** What a dashboard tab uses (and the live benchmark's simulated tabs). */
export const TAB_COALESCING: CoalesceOptions = { quietMs: 100, maxWaitMs: 500 };

export type Timers = {
  setTimeout: (callback: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
  now: () => number;
};

export type Coalescer<Item> = {
  push(item: Item): void;
  pause(): void;
  resume(): void;
  dispose(): void;
};

const realTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
};

export function createCoalescer<Item>(apply: (batch: Item[]) => void, options: CoalesceOptions, timers: Timers = realTimers): Coalescer<Item> {
  let waiting: Item[] = [];
  let firstWaitingAt = 0;
  let timer: unknown = null;
  let isPaused = false;

  const cancelTimer = () => {
    if (timer !== null) timers.clearTimeout(timer);
    timer = null;
  };
  const applyWaiting = () => {
    cancelTimer();
    const batch = waiting;
    waiting = [];
    if (batch.length > 0) apply(batch);
  };
  const schedule = () => {
    cancelTimer();
    if (isPaused) return;
    const untilMaxWait = firstWaitingAt + options.maxWaitMs - timers.now();
    timer = timers.setTimeout(applyWaiting, Math.max(0, Math.min(options.quietMs, untilMaxWait)));
  };

  return {
    push(item) {
      if (waiting.length === 0) firstWaitingAt = timers.now();
      waiting.push(item);
      schedule();
    },
    pause() {
      isPaused = true;
      cancelTimer();
    },
    resume() {
      isPaused = false;
      applyWaiting();
    },
    dispose() {
      cancelTimer();
      waiting = [];
    },
  };
}
