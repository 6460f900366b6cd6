// Refreshes what a tab derives from the server (the views' unread counts) after live updates: at
// most once per `minIntervalMs` however many updates arrive, one request at a time, and never
// while the tab is hidden; a refresh asked for then happens when the tab is shown again.
import type { Timers } from "./coalesce";

export type ThrottledRefresh = {
  /** Something changed: refresh soon. */
  request(): void;
  /** The tab is shown again: make up a refresh it held back. */
  onVisible(): void;
  dispose(): void;
};

const realTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
};

export function createThrottledRefresh(
  refresh: () => Promise<void>,
  options: { minIntervalMs: number; isHidden: () => boolean },
  timers: Timers = realTimers,
): ThrottledRefresh {
  let isWanted = false;
  let isRunning = false;
  let isDisposed = false;
  let lastStartedAt = Number.NEGATIVE_INFINITY;
  let timer: unknown = null;

  const schedule = () => {
    if (isDisposed || isRunning || timer !== null || !isWanted || options.isHidden()) return;
    const wait = Math.max(0, lastStartedAt + options.minIntervalMs - timers.now());
    timer = timers.setTimeout(run, wait);
  };
  const run = () => {
    timer = null;
    if (isDisposed || options.isHidden()) return;
    isWanted = false;
    isRunning = true;
    lastStartedAt = timers.now();
    refresh()
      .catch(() => {
        // The next update asks again; until then the tab shows what it last knew.
      })
      .finally(() => {
        isRunning = false;
        schedule();
      });
  };

  return {
    request() {
      isWanted = true;
      schedule();
    },
    onVisible: schedule,
    dispose() {
      isDisposed = true;
      if (timer !== null) timers.clearTimeout(timer);
      timer = null;
    },
  };
}
