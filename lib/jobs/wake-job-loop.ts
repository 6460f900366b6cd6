// Tells this process's job loop (the media archiver, the reply sender) that work is waiting, so it
// starts at once rather than at the next poll. Through globalThis: route handlers, server actions
// and instrumentation.ts, which starts the loops, are bundled apart and share no module instances.
export type JobLoopName = "media-archiver" | "reply-sender";

const holder = globalThis as unknown as { careDeskJobLoopWakers?: Map<JobLoopName, () => void> };
const wakers = (holder.careDeskJobLoopWakers ??= new Map());

/** Never waits for the work; where the loop does not run, nothing happens. */
export function wakeJobLoop(name: JobLoopName): void {
  const wake = wakers.get(name);
  if (wake) setImmediate(wake);
}

/** For the loop itself: what wakeJobLoop calls (undefined once it stops). */
export function listenForJobLoopWake(name: JobLoopName, wake: (() => void) | undefined): void {
  if (wake) wakers.set(name, wake);
  else wakers.delete(name);
}
