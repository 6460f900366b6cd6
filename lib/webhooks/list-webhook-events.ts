import "server-only";
import { z } from "zod";
import { assertAdmin } from "../auth/assert-admin";
import type { CurrentUser } from "../auth/current-user";
import { getDb } from "../db";
import { CURSOR_PATTERN, decodeCursor, olderThan, toPage } from "../db/keyset-page";
import { redactUrls } from "../messages/redact-urls";

export const WEBHOOK_EVENT_PAGE_SIZE = 50;

export const webhookEventFilterSchema = z.object({
  outcome: z.enum(["accepted", "unreadable", "duplicate", "rejected"]).optional().catch(undefined),
  kind: z.enum(["inbound", "status"]).optional().catch(undefined),
  after: z.string().regex(CURSOR_PATTERN).optional().catch(undefined),
});
export type WebhookEventFilter = z.infer<typeof webhookEventFilterSchema>;

/** "Did Vonage call us, and what did we say?": the webhook event log, newest first. */
export async function listWebhookEvents(actor: CurrentUser, filter: WebhookEventFilter) {
  assertAdmin(actor);
  const after = decodeCursor(filter.after);
  const rows = await getDb().webhookEvent.findMany({
    where: {
      ...(filter.outcome ? { outcome: filter.outcome } : {}),
      ...(filter.kind ? { kind: filter.kind } : {}),
      ...(after ? olderThan("receivedAt", after) : {}),
    },
    orderBy: [{ receivedAt: "desc" }, { id: "desc" }],
    take: WEBHOOK_EVENT_PAGE_SIZE + 1,
  });
  const { page, nextCursor } = toPage(rows, WEBHOOK_EVENT_PAGE_SIZE, (row) => row.receivedAt);
  return {
    // A refused or unreadable body may hold Vonage media URLs: they are hidden before anything reaches a browser.
    events: page.map((event) => ({ ...event, body: event.body === null ? null : redactUrls(event.body) })),
    nextCursor,
  };
}
