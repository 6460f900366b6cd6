import type { Metadata } from "next";
import { DataTable } from "@/components/ui/data-table";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { LocalTime } from "@/components/ui/local-time";
import { requireAdmin } from "@/lib/auth/current-user";
import { listWebhookEvents, webhookEventFilterSchema } from "@/lib/webhooks/list-webhook-events";

export const metadata: Metadata = { title: "Webhook log" };

const OUTCOME_TONES = { accepted: "green", unreadable: "amber", duplicate: "neutral", rejected: "red" } as const;

export default async function WebhookLogPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const admin = await requireAdmin();
  const filter = webhookEventFilterSchema.parse(await searchParams);
  const { events, nextCursor } = await listWebhookEvents(admin, filter);
  const params = (extra: Record<string, string | undefined>) =>
    new URLSearchParams(Object.entries({ ...filter, ...extra }).filter((entry): entry is [string, string] => typeof entry[1] === "string")).toString();
  return (
    <main className="mx-auto flex max-w-7xl flex-col gap-6 px-4 py-8">
      <div>
        <h1 className="text-2xl font-semibold">Webhook log</h1>
        <p className="text-slate-600">Every request Vonage (or anyone) made to the webhooks, and what CareDesk answered.</p>
      </div>
      <nav aria-label="Filter by outcome" className="flex flex-wrap gap-2 text-sm">
        {[undefined, "accepted", "unreadable", "duplicate", "rejected"].map((outcome) => (
          <Link
            key={outcome ?? "all"}
            href={`/admin/webhooks?${params({ outcome, after: undefined })}`}
            aria-current={filter.outcome === outcome ? "page" : undefined}
            className="rounded-md border border-slate-300 bg-white px-3 py-1.5 aria-[current=page]:border-indigo-600 aria-[current=page]:bg-indigo-600 aria-[current=page]:text-white"
          >
            {outcome ?? "All"}
          </Link>
        ))}
      </nav>
      <DataTable columns={["When", "Webhook", "Answer", "Reason", "Size", "Message / request"]} isEmpty={events.length === 0} emptyText="No webhook requests yet.">
        {events.map((event) => (
          <tr key={event.id} className="align-top">
            <td data-label="When" className="whitespace-nowrap px-4 py-3 text-slate-600">
              <LocalTime date={event.receivedAt} />
            </td>
            <td data-label="Webhook" className="px-4 py-3">{event.kind}</td>
            <td data-label="Answer" className="px-4 py-3">
              <Badge tone={OUTCOME_TONES[event.outcome as keyof typeof OUTCOME_TONES] ?? "neutral"}>
                {event.httpStatus} {event.outcome}
              </Badge>
            </td>
            <td data-label="Reason" className="max-w-md px-4 py-3">
              {event.reason ?? ""}
              {event.body ? (
                <details className="mt-1">
                  <summary className="cursor-pointer text-xs text-slate-600">Body received (links hidden)</summary>
                  <pre className="mt-1 max-h-60 overflow-auto whitespace-pre-wrap break-all rounded bg-slate-100 p-2 text-xs">{event.body}</pre>
                </details>
              ) : null}
            </td>
            <td data-label="Size" className="px-4 py-3 text-slate-600">{event.bodyBytes} B</td>
            <td data-label="Message / request" className="px-4 py-3 font-mono text-xs text-slate-600">
              {event.messageUuid ?? ""}
              <div className="text-slate-500">{event.requestId}</div>
            </td>
          </tr>
        ))}
      </DataTable>
      {nextCursor ? (
        <Link href={`/admin/webhooks?${params({ after: nextCursor })}`} className="self-start rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium hover:bg-slate-50">
          Older requests
        </Link>
      ) : null}
    </main>
  );
}
