// The reply sender of this server process: a job loop (lib/jobs/) that claims queued replies
// (claim-due-replies.ts) and sends a few at a time (send-reply.ts). It wakes at once when an agent
// sends; at each poll it also settles replies whose fate nobody saw (settle-unconfirmed-replies.ts).
import "server-only";
import { getEnv } from "../env";
import { startJobLoop } from "../jobs/start-job-loop";
import { publishLiveEvent } from "../live/publish-live-event";
import { claimDueReplies } from "./claim-due-replies";
import { sendReply } from "./send-reply";
import { settleUnconfirmedReplies } from "./settle-unconfirmed-replies";

const SEND_CONCURRENCY = 8;
const POLL_MS = 1_000;

export function startReplySender(): void {
  // Longer than any send may take: a lease that runs out means the instance stopped mid-send.
  const leaseMs = (getEnv().VONAGE_SEND_TIMEOUT_SECONDS + 30) * 1000;
  startJobLoop({
    name: "reply-sender",
    concurrency: SEND_CONCURRENCY,
    pollMs: POLL_MS,
    claim: (limit) => claimDueReplies({ limit, leaseMs }),
    run: (claim) => sendReply(claim),
    onPoll: async () => {
      for (const changed of await settleUnconfirmedReplies()) await publishLiveEvent({ kind: "status", ...changed });
    },
    describe: (claim) => ({ messageId: claim.messageId }),
  });
}
