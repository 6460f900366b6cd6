import "server-only";
import { getDb } from "../db";
import { getLogger } from "../logger";

/** Bodies of refused requests are kept up to this size, so an operator can see what was sent. */
export const REFUSED_BODY_LIMIT = 16 * 1024;

export type WebhookEventInput = {
  kind: "inbound" | "status";
  requestId: string;
  outcome: "accepted" | "duplicate" | "rejected";
  httpStatus: number;
  reason?: string;
  bodyBytes: number;
  body?: string;
  messageUuid?: string;
};

/**
 * Records one webhook request in the event log. Never throws: when the database is down the
 * request's log line (with its request id) is the only trace, and Vonage retries anyway.
 */
export async function recordWebhookEvent(event: WebhookEventInput): Promise<void> {
  try {
    await getDb().webhookEvent.create({
      data: { ...event, body: event.body === undefined ? undefined : event.body.slice(0, REFUSED_BODY_LIMIT) },
    });
  } catch (error) {
    getLogger().warn({ requestId: event.requestId, err: error instanceof Error ? error.message : String(error) }, "webhook event not recorded");
  }
}
