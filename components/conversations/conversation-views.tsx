"use client";

// The inbox's views, each with how many open conversations in it the person has not read: Mine,
// Unassigned, All, one per inbox they can see, one per label. A view is a filter of the list
// (assigned=me, assigned=unassigned, inbox=…, label=…). One row that scrolls sideways at phone
// width; wrapped into a compact block above the list on wider screens.
import Link from "next/link";
import type { ConversationFilter } from "@/lib/conversations/conversation-filters";
import { filterToSearchParams } from "@/lib/conversations/filter-search-params";
import { labelColorClasses } from "@/lib/conversations/label-colors";
import { useUnreadCounts } from "./unread-counts";

type View = { key: string; name: string; kind?: "Inbox" | "Label"; color?: string; unread: number; filter: Partial<ConversationFilter> };

/** Whether the list shows this view (other filters, such as a search, may narrow it further). */
function isCurrent(view: View, filter: ConversationFilter): boolean {
  return (view.filter.assigned ?? "any") === filter.assigned && view.filter.inbox === filter.inbox && view.filter.label === filter.label;
}

export function ConversationViews({ filter }: { filter: ConversationFilter }) {
  const counts = useUnreadCounts();
  if (!counts) return null;
  const views: View[] = [
    { key: "mine", name: "Mine", unread: counts.mine, filter: { assigned: "me" } },
    { key: "unassigned", name: "Unassigned", unread: counts.unassigned, filter: { assigned: "unassigned" } },
    { key: "all", name: "All", unread: counts.all, filter: {} },
    ...counts.inboxes.map((inbox): View => ({ key: `inbox-${inbox.id}`, name: inbox.name, kind: "Inbox", unread: inbox.unread, filter: { inbox: inbox.id } })),
    ...counts.labels.map((label): View => ({ key: `label-${label.id}`, name: label.name, kind: "Label", color: label.color, unread: label.unread, filter: { label: label.id } })),
  ];
  return (
    <nav aria-label="Views" className="shrink-0 border-b border-slate-200">
      <div className="relative flex gap-1 overflow-x-auto px-2 py-2 md:max-h-32 md:flex-wrap md:overflow-y-auto">
        {views.map((view, index) => (
          <div key={view.key} className={`flex shrink-0 ${view.kind && views[index - 1]?.kind !== view.kind ? "ml-1 border-l border-slate-200 pl-2" : ""}`}>
            <Link
              href={`/conversations${filterToSearchParams(view.filter)}`}
              aria-current={isCurrent(view, filter) ? "page" : undefined}
              title={view.kind ? `${view.kind}: ${view.name}` : undefined}
              data-testid="conversation-view"
              className="flex max-w-48 items-center gap-1.5 whitespace-nowrap rounded-full px-2.5 py-1 text-sm text-slate-700 hover:bg-slate-100 aria-[current=page]:bg-indigo-100 aria-[current=page]:font-medium aria-[current=page]:text-indigo-900"
            >
              {view.kind === "Label" ? <span aria-hidden="true" className={`h-2.5 w-2.5 shrink-0 rounded-full ring-1 ring-current ring-inset ${labelColorClasses(view.color ?? "slate")}`} /> : null}
              <span className="truncate">
                {view.kind ? <span className="sr-only">{view.kind} </span> : null}
                {view.name}
              </span>
              {view.unread > 0 ? (
                <span className="rounded-full bg-indigo-600 px-1.5 text-xs font-semibold text-white">
                  {view.unread}
                  <span className="sr-only"> unread</span>
                </span>
              ) : null}
            </Link>
          </div>
        ))}
      </div>
    </nav>
  );
}
