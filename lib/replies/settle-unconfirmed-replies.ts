// Replies whose fate nobody saw. A send interrupted by a crash (its lease ran out while "sending")
// may or may not have reached Vonage, like a send that timed out: both wait as "unknown" for a
// status webhook carrying their client_ref (ingest-status-update.ts settles them). Sending again
// could reach the customer twice, so CareDesk never does it on its own: once the wait is over
// without word from Vonage, the reply is "failed" and the agent decides.
import "server-only";
import { getDb } from "../db";

/** How long an unconfirmed reply waits for Vonage's status webhooks. */
export const UNCONFIRMED_WAIT_MS = 15 * 60_000;

export const UNCONFIRMED_REASON =
  "Vonage never confirmed this reply, so CareDesk did not send it again in case the customer already has it. Retry if they did not get it.";

/** Returns the conversations whose replies changed, for live updates. */
export async function settleUnconfirmedReplies(now = new Date()): Promise<{ conversationId: string; messageId: string }[]> {
  const db = getDb();
  const interrupted = await db.message.findMany({ where: { sendState: "sending", sendLeaseUntil: { lt: now } }, select: { id: true, conversationId: true, sendAttempts: true } });
  const overdue = await db.message.findMany({ where: { sendState: "unknown", sendNextAttemptAt: { lte: now } }, select: { id: true, conversationId: true, sendAttempts: true } });
  const changed: { conversationId: string; messageId: string }[] = [];
  for (const row of interrupted) {
    const { count } = await db.message.updateMany({
      where: { id: row.id, sendState: "sending", sendAttempts: row.sendAttempts },
      data: { sendState: "unknown", sendLeaseUntil: null, sendNextAttemptAt: new Date(now.getTime() + UNCONFIRMED_WAIT_MS) },
    });
    if (count) changed.push({ conversationId: row.conversationId, messageId: row.id });
  }
  for (const row of overdue) {
    const { count } = await db.message.updateMany({
      where: { id: row.id, sendState: "unknown", sendAttempts: row.sendAttempts },
      data: { sendState: "failed", sendNextAttemptAt: null, sendError: UNCONFIRMED_REASON },
    });
    if (count) changed.push({ conversationId: row.conversationId, messageId: row.id });
  }
  return changed;
}
