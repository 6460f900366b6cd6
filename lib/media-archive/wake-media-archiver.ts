// Tells this process's archiver that media has just been stored, so the copy starts at once rather
// than at the next poll. Through globalThis: the webhook route and instrumentation.ts, which
// starts the archiver, are bundled apart and share no module instances.
const holder = globalThis as unknown as { careDeskWakeMediaArchiver?: () => void };

/** Never waits for the copy, and does nothing where no archiver runs (no MEDIA_ENCRYPTION_KEY). */
export function wakeMediaArchiver(): void {
  const wake = holder.careDeskWakeMediaArchiver;
  if (wake) setImmediate(wake);
}

/** For the archiver: what wakeMediaArchiver calls. */
export function listenForMediaArchiverWake(wake: (() => void) | undefined): void {
  holder.careDeskWakeMediaArchiver = wake;
}
