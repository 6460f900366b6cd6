// A loop that claims due jobs from the database and runs a few at a time: the media archiver and
// the reply sender. The rows are the jobs (no queue beside them); `claim` takes some for this
// instance alone. It polls (for retries that came due and work a crashed instance left), wakes at
// once on wakeJobLoop, and stops on SIGTERM/SIGINT: jobs in flight see the signal and hand back.
import "server-only";
import { getLogger } from "../logger";
import { listenForJobLoopWake, type JobLoopName } from "./wake-job-loop";

export type JobLoop<Claim> = {
  name: JobLoopName;
  concurrency: number;
  pollMs: number;
  claim(limit: number): Promise<Claim[]>;
  run(claim: Claim, signal: AbortSignal): Promise<unknown>;
  /** Before each claim at a poll: housekeeping such as expiring stale claims. */
  onPoll?(): Promise<void>;
  describe(claim: Claim): Record<string, unknown>;
};

const holder = globalThis as unknown as { careDeskJobLoops?: Map<JobLoopName, { stop(): void }> };
const running = (holder.careDeskJobLoops ??= new Map());

export function startJobLoop<Claim>(loop: JobLoop<Claim>): void {
  if (running.has(loop.name)) return;
  const logger = getLogger();
  const stopping = new AbortController();
  let inFlight = 0;
  let isFilling = false;
  let isWokenMeanwhile = false;
  let hasReportedFailure = false;

  const fill = async (): Promise<void> => {
    if (isFilling) {
      isWokenMeanwhile = true;
      return;
    }
    isFilling = true;
    try {
      do {
        isWokenMeanwhile = false;
        while (inFlight < loop.concurrency && !stopping.signal.aborted) {
          const claims = await loop.claim(loop.concurrency - inFlight);
          hasReportedFailure = false;
          if (claims.length === 0) break;
          for (const claim of claims) {
            inFlight += 1;
            loop
              .run(claim, stopping.signal)
              .catch((error: unknown) => logger.error({ ...loop.describe(claim), err: errorText(error) }, `${loop.name}: job failed unexpectedly`))
              .finally(() => {
                inFlight -= 1;
                void fill();
              });
          }
        }
      } while (isWokenMeanwhile && !stopping.signal.aborted);
    } catch (error) {
      // The database is away: said once, then retried quietly at each poll.
      if (!hasReportedFailure) logger.error({ err: errorText(error) }, `${loop.name}: could not claim due jobs`);
      hasReportedFailure = true;
    } finally {
      isFilling = false;
    }
  };

  const poll = setInterval(() => {
    void (loop.onPoll ?? (async () => {}))()
      .catch((error: unknown) => logger.error({ err: errorText(error) }, `${loop.name}: housekeeping failed`))
      .then(fill);
  }, loop.pollMs);
  poll.unref();
  listenForJobLoopWake(loop.name, () => void fill());
  const stop = () => {
    clearInterval(poll);
    listenForJobLoopWake(loop.name, undefined);
    stopping.abort();
  };
  // `next start` closes the server on SIGTERM and SIGINT, then exits; this runs first. (Under
  // NEXT_MANUAL_SIG_HANDLE a listener here would keep the process from exiting at all.)
  if (!process.env.NEXT_MANUAL_SIG_HANDLE) {
    process.once("SIGTERM", stop);
    process.once("SIGINT", stop);
  }
  running.set(loop.name, { stop });
  logger.info({ concurrency: loop.concurrency }, `${loop.name}: started`);
  void fill();
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message.slice(0, 300) : String(error);
}
