// Aborts when this server process is told to stop (SIGTERM or SIGINT). `next start` then stops
// taking connections and exits once the open requests have ended, so a live stream, which would
// otherwise stay open for its five minutes, ends at once: its tab reconnects (Last-Event-ID)
// through the load balancer to an instance that is still serving, and the deploy goes on.
import "server-only";

const holder = globalThis as unknown as { careDeskServerShutdown?: AbortController };

export function serverShutdownSignal(): AbortSignal {
  if (!holder.careDeskServerShutdown) {
    const shutdown = new AbortController();
    holder.careDeskServerShutdown = shutdown;
    // Under NEXT_MANUAL_SIG_HANDLE a listener here would keep the process from exiting at all
    // (as in lib/jobs/start-job-loop.ts): whoever handles the signals closes the streams then.
    if (!process.env.NEXT_MANUAL_SIG_HANDLE) {
      process.once("SIGTERM", () => shutdown.abort());
      process.once("SIGINT", () => shutdown.abort());
    }
  }
  return holder.careDeskServerShutdown.signal;
}
