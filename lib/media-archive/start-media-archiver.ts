// The archiver of this server process: a job loop (lib/jobs/) that claims due media items
// (claim-due-media.ts) and copies a few at a time (archive-media-item.ts). It wakes at once when a
// webhook has stored media. Each instance copies at most ARCHIVE_CONCURRENCY files: the copies
// share the connections to Vonage with browsers, whose streams must not wait behind them.
import "server-only";
import { getEnv } from "../env";
import { startJobLoop } from "../jobs/start-job-loop";
import { archiveMediaItem } from "./archive-media-item";
import { claimDueMedia } from "./claim-due-media";

const ARCHIVE_CONCURRENCY = 2;
const POLL_MS = 2_000;

export function startMediaArchiver(): void {
  const leaseMs = getEnv().MEDIA_ARCHIVE_LEASE_SECONDS * 1000;
  startJobLoop({
    name: "media-archiver",
    concurrency: ARCHIVE_CONCURRENCY,
    pollMs: POLL_MS,
    claim: (limit) => claimDueMedia({ limit, leaseMs }),
    run: (claim, signal) => archiveMediaItem(claim, { leaseMs, signal }),
    describe: (claim) => ({ mediaItemId: claim.mediaItemId }),
  });
}
