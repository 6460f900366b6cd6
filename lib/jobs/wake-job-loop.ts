// Tells this process's job loop (the media archiver, the reply sender) that work is waiting, so it
// starts at once rather than at the next poll. Through globalThis: route handlers, server actions
// and instrumentation.ts, which starts the loops, are bundled apart and share no module instances.
export type JobLoopName = "media-archiver" | "reply-sender" | "snooze-waker";

const holder = globalThis as unknown as { careDeskJobLoopWakers?: Map<JobLoopName, () => void> };
const wakers = (holder.careDeskJobLoopWakers ??= new Map());

/**
 * Never waits for the work; where the loop does not run, nothing happens. The loop starts once the
 * caller's task is done (a webhook is answered first), or with `isUrgent` (someone watches for the
 * result) in the caller's next microtask: a server action's task runs on into rendering its page,
 * and on SQLite, whose queries never yield to the event loop, the send would wait for all of it.
 */
export function wakeJobLoop(name: JobLoopName, options: { isUrgent?: boolean } = {}): void {
  const wake = wakers.get(name);
  if (!wake) return;
  if (options.isUrgent) queueMicrotask(wake);
  else setImmediate(wake);
}

/** For the loop itself: what wakeJobLoop calls (undefined once it stops). */
export function listenForJobLoopWake(name: JobLoopName, wake: (() => void) | undefined): void {
  if (wake) wakers.set(name, wake);
  else wakers.delete(name);
}
