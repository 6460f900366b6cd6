import "server-only";
import { z } from "zod";
import type { CurrentUser } from "../auth/current-user";
import { redactUrls } from "../conversations/get-conversation";
import { getDb } from "../db";
import { assertAdmin } from "../users/assert-admin";

export const WEBHOOK_EVENT_PAGE_SIZE = 50;

export const webhookEventFilterSchema = z.object({
  outcome: z.enum(["accepted", "duplicate", "rejected"]).optional().catch(undefined),
  kind: z.enum(["inbound", "status"]).optional().catch(undefined),
  after: z.string().regex(/^\d{1,15}_[a-z0-9]{1,40}$/).optional().catch(undefined),
});
export type WebhookEventFilter = z.infer<typeof webhookEventFilterSchema>;

/** "Did Vonage call us, and what did we say?": the webhook event log, newest first. */
export async function listWebhookEvents(actor: CurrentUser, filter: WebhookEventFilter) {
  assertAdmin(actor);
  const [afterMs, afterId] = filter.after?.split("_") ?? [];
  const afterDate = afterMs ? new Date(Number(afterMs)) : undefined;
  const rows = await getDb().webhookEvent.findMany({
    where: {
      ...(filter.outcome ? { outcome: filter.outcome } : {}),
      ...(filter.kind ? { kind: filter.kind } : {}),
      ...(afterDate && afterId ? { OR: [{ receivedAt: { lt: afterDate } }, { receivedAt: afterDate, id: { lt: afterId } }] } : {}),
    },
    orderBy: [{ receivedAt: "desc" }, { id: "desc" }],
    take: WEBHOOK_EVENT_PAGE_SIZE + 1,
  });
  const page = rows.slice(0, WEBHOOK_EVENT_PAGE_SIZE);
  const last = page.at(-1);
  return {
    // A refused body may hold Vonage media URLs: they are hidden before anything reaches a browser.
    events: page.map((event) => ({ ...event, body: event.body === null ? null : redactUrls(event.body) })),
    nextCursor: rows.length > WEBHOOK_EVENT_PAGE_SIZE && last ? `${last.receivedAt.getTime()}_${last.id}` : null,
  };
}
