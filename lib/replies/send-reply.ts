// One attempt at sending a claimed reply, and what it leaves in the outbox: "accepted" with
// Vonage's message_uuid; "queued" again after a 429, a 5xx or an unreachable Vonage (with backoff,
// respecting Retry-After); "failed" when Vonage refused it as it is or the attempts ran out;
// "unknown" when it left and no answer came (never resent blindly: see
// settle-unconfirmed-replies.ts). Every write is fenced by the claim, so a status webhook that
// settled the reply meanwhile is never overwritten.
import "server-only";
import { getDb } from "../db";
import { publishLiveEvent } from "../live/publish-live-event";
import { sendMessage, type MessageRequest } from "../vonage/send-message";
import type { ReplyClaim } from "./claim-due-replies";
import { UNCONFIRMED_WAIT_MS } from "./settle-unconfirmed-replies";

/** After this many tries that Vonage asked to repeat, the reply fails and the agent decides. */
export const MAX_SEND_ATTEMPTS = 8;
const FIRST_BACKOFF_MS = 2_000;
const MAX_BACKOFF_MS = 5 * 60_000;

function backoffMs(attempt: number): number {
  const base = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** (attempt - 1));
  return base / 2 + Math.random() * (base / 2);
}

export async function sendReply(claim: ReplyClaim, now: () => Date = () => new Date()): Promise<void> {
  // The claim brought the request: no read between the agent's submit and Vonage.
  const outcome = await sendMessage(JSON.parse(claim.rawPayload) as MessageRequest);
  const at = now();
  const data =
    outcome.kind === "accepted"
      ? { sendState: "accepted", messageUuid: outcome.messageUuid, sendError: null }
      : outcome.kind === "unknown"
        ? { sendState: "unknown", sendNextAttemptAt: new Date(at.getTime() + UNCONFIRMED_WAIT_MS), sendError: null }
        : outcome.kind === "retry" && claim.attempt < MAX_SEND_ATTEMPTS
          ? { sendState: "queued", sendNextAttemptAt: new Date(at.getTime() + Math.max(outcome.retryAfterMs ?? 0, backoffMs(claim.attempt))), sendError: outcome.reason }
          : { sendState: "failed", sendNextAttemptAt: null, sendError: outcome.reason };
  const { count } = await getDb().message.updateMany({ where: { id: claim.messageId, sendState: "sending", sendAttempts: claim.attempt }, data: { ...data, sendLeaseUntil: null } });
  if (count) await publishLiveEvent({ kind: "status", conversationId: claim.conversationId, messageId: claim.messageId });
}
