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
import { inboxApplications, ownApplicationCredentials } from "../inboxes/inbox-applications";
import { signOutboundMediaUrl } from "./outbound-media-url";
import { UNCONFIRMED_WAIT_MS } from "./settle-unconfirmed-replies";

/** After this many tries that Vonage asked to repeat, the reply fails and the agent decides. */
export const MAX_SEND_ATTEMPTS = 8;
const FIRST_BACKOFF_MS = 2_000;
const MAX_BACKOFF_MS = 5 * 60_000;

function backoffMs(attempt: number): number {
  const base = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** (attempt - 1));
  return base / 2 + Math.random() * (base / 2);
}

async function ownCredentialsForConversation(conversationId: string) {
  if ((await inboxApplications()).length === 0) return null;
  const conversation = await getDb().conversation.findUnique({ where: { id: conversationId }, select: { inboxId: true } });
  return conversation ? ownApplicationCredentials(conversation.inboxId) : null;
}

export async function sendReply(claim: ReplyClaim, now: () => Date = () => new Date()): Promise<void> {
  // The claim brought the request: no read between the agent's submit and Vonage.
  const request = JSON.parse(claim.rawPayload) as MessageRequest;
  // An attachment's address expires: each attempt signs a fresh one.
  const attachment = (claim.sendOptions as { attachment?: { mediaItemId: string } } | null)?.attachment;
  if (attachment) (request[request.message_type] as { url: string }).url = signOutboundMediaUrl(attachment.mediaItemId, now());
  // From the application of the conversation's inbox, as the customer wrote to it (looked up only
  // where some inbox has an application of its own).
  const outcome = await sendMessage(request, (await ownCredentialsForConversation(claim.conversationId)) ?? undefined);
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
