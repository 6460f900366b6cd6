// The archiver of this server process: a loop that claims due media items (claim-due-media.ts)
// and copies a few at a time (archive-media-item.ts). It polls every couple of seconds, for
// retries that came due and copies a crashed instance left, and wakes at once when a webhook has
// stored media. Each instance copies at most ARCHIVE_CONCURRENCY files: the copies share the
// connections to Vonage with browsers, whose streams must not wait behind them.
import "server-only";
import { getEnv } from "../env";
import { getLogger } from "../logger";
import { archiveMediaItem } from "./archive-media-item";
import { claimDueMedia } from "./claim-due-media";
import { listenForMediaArchiverWake } from "./wake-media-archiver";

const ARCHIVE_CONCURRENCY = 2;
const POLL_MS = 2_000;

const holder = globalThis as unknown as { careDeskMediaArchiver?: { stop(): void } };

export function startMediaArchiver(): void {
  if (holder.careDeskMediaArchiver) return;
  const logger = getLogger();
  const leaseMs = getEnv().MEDIA_ARCHIVE_LEASE_SECONDS * 1000;
  const stopping = new AbortController();
  let running = 0;
  let isFilling = false;
  let isWokenMeanwhile = false;
  let hasReportedClaimFailure = false;

  const fill = async (): Promise<void> => {
    if (isFilling) {
      isWokenMeanwhile = true;
      return;
    }
    isFilling = true;
    try {
      do {
        isWokenMeanwhile = false;
        while (running < ARCHIVE_CONCURRENCY && !stopping.signal.aborted) {
          const claims = await claimDueMedia({ limit: ARCHIVE_CONCURRENCY - running, leaseMs });
          hasReportedClaimFailure = false;
          if (claims.length === 0) break;
          for (const claim of claims) {
            running += 1;
            archiveMediaItem(claim, { leaseMs, signal: stopping.signal })
              .catch((error: unknown) =>
                logger.error({ mediaItemId: claim.mediaItemId, err: error instanceof Error ? error.message.slice(0, 300) : String(error) }, "media archive: attempt failed unexpectedly"),
              )
              .finally(() => {
                running -= 1;
                void fill();
              });
          }
        }
      } while (isWokenMeanwhile && !stopping.signal.aborted);
    } catch (error) {
      // The database is away: said once, then retried quietly at each poll.
      if (!hasReportedClaimFailure) logger.error({ err: error instanceof Error ? error.message.slice(0, 300) : String(error) }, "media archive: could not claim due media");
      hasReportedClaimFailure = true;
    } finally {
      isFilling = false;
    }
  };

  const poll = setInterval(() => void fill(), POLL_MS);
  poll.unref();
  listenForMediaArchiverWake(() => void fill());
  const stop = () => {
    clearInterval(poll);
    listenForMediaArchiverWake(undefined);
    // Copies in flight end and hand their lease back; the process exits meanwhile or soon after.
    stopping.abort();
  };
  // `next start` closes the server on SIGTERM and SIGINT, then exits; this runs first. (Under
  // NEXT_MANUAL_SIG_HANDLE a listener here would keep the process from exiting at all.)
  if (!process.env.NEXT_MANUAL_SIG_HANDLE) {
    process.once("SIGTERM", stop);
    process.once("SIGINT", stop);
  }
  holder.careDeskMediaArchiver = { stop };
  logger.info({ concurrency: ARCHIVE_CONCURRENCY, leaseSeconds: leaseMs / 1000 }, "media archive: started");
  void fill();
}
