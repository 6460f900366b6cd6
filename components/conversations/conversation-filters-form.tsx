import Link from "next/link";
import type { ConversationFilter } from "@/lib/conversations/conversation-filters";
import { filterToSearchParams } from "@/lib/conversations/filter-search-params";
import type { ConversationLabelTag } from "@/lib/conversations/conversation-row";
import { CHANNEL_NAMES, CHANNELS } from "@/lib/messages/channels";

const STATUSES = [
  { id: "open", label: "Open" },
  { id: "pending", label: "Pending" },
  { id: "snoozed", label: "Snoozed" },
  { id: "resolved", label: "Resolved" },
  { id: "all", label: "All" },
] as const;

/** Filters as a plain GET form and links: they work before JavaScript loads, and URLs can be shared. */
export function ConversationFiltersForm({ filter, labels = [] }: { filter: ConversationFilter; labels?: ConversationLabelTag[] }) {
  return (
    <div className="flex flex-col gap-3 border-b border-slate-200 p-3">
      <nav aria-label="Status" className="flex flex-wrap gap-1">
        {STATUSES.map((status) => (
          <Link
            key={status.id}
            href={`/conversations${filterToSearchParams({ ...filter, after: undefined, status: status.id })}`}
            aria-current={filter.status === status.id ? "page" : undefined}
            className="rounded-md px-2.5 py-1 text-sm font-medium text-slate-600 hover:bg-slate-100 aria-[current=page]:bg-indigo-600 aria-[current=page]:text-white"
          >
            {status.label}
          </Link>
        ))}
      </nav>
      <form action="/conversations" className="flex flex-wrap gap-2" role="search">
        {filter.status !== "open" ? <input type="hidden" name="status" value={filter.status} /> : null}
        <label className="sr-only" htmlFor="conversation-search">
          Search by number, name or message text
        </label>
        <input
          id="conversation-search"
          name="q"
          type="search"
          defaultValue={filter.q}
          placeholder="Search number, name, text…"
          className="w-full rounded-md border border-slate-300 px-3 py-1.5 text-sm"
        />
        <label className="sr-only" htmlFor="conversation-channel">
          Channel
        </label>
        <select id="conversation-channel" name="channel" defaultValue={filter.channel ?? ""} className="min-w-0 flex-1 rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm">
          <option value="">All channels</option>
          {CHANNELS.map((channel) => (
            <option key={channel} value={channel}>
              {CHANNEL_NAMES[channel]}
            </option>
          ))}
        </select>
        <label className="sr-only" htmlFor="conversation-assigned">
          Assigned to
        </label>
        <select id="conversation-assigned" name="assigned" defaultValue={filter.assigned} className="min-w-0 flex-1 rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm">
          <option value="any">Anyone</option>
          <option value="me">Assigned to me</option>
          <option value="unassigned">Unassigned</option>
        </select>
        {labels.length > 0 ? (
          <>
            <label className="sr-only" htmlFor="conversation-label">
              Label
            </label>
            <select id="conversation-label" name="label" defaultValue={filter.label ?? ""} className="min-w-0 flex-1 rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm">
              <option value="">Any label</option>
              {labels.map((label) => (
                <option key={label.id} value={label.id}>
                  {label.name}
                </option>
              ))}
            </select>
          </>
        ) : null}
        <button type="submit" className="rounded-md bg-slate-800 px-3 py-1.5 text-sm font-medium text-white hover:bg-slate-700">
          Apply
        </button>
      </form>
    </div>
  );
}
