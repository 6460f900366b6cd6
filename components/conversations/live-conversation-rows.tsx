"use client";

// The inbox's rows, kept current by live updates without asking the server: each update carries
// its row. What this page cannot place (a search, an older page) shows as a count to refresh by.
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { RelativeTime } from "@/components/ui/local-time";
import type { ConversationFilter } from "@/lib/conversations/conversation-filters";
import { filterToSearchParams } from "@/lib/conversations/filter-search-params";
import type { ConversationRow } from "@/lib/conversations/conversation-row";
import { mergeConversationRows } from "@/lib/live/merge-conversation-rows";
import { ChannelLabel } from "./channel-label";
import { useLiveUpdates } from "./live-updates";
import { formatAddress } from "@/lib/messages/format-address";
import { customerName, isUnread, NEVER_READ } from "@/lib/conversations/conversation-row";
import { LabelChip, PriorityBadge } from "./conversation-tags";
import { BulkActionsBar, BulkCheckbox, useBulkSelection, type BulkOptions } from "./bulk-actions";

type Props = {
  rows: ConversationRow[];
  filter: ConversationFilter;
  activeId?: string;
  currentUserId: string;
  /** Who and which labels the bulk actions offer. */
  bulk: BulkOptions;
  renderedAtEventId: number | null;
  /** Shown while there are no rows. */
  emptyState: React.ReactNode;
};

export function LiveConversationRows({ rows: renderedRows, filter, activeId, currentUserId, bulk, renderedAtEventId, emptyState }: Props) {
  const router = useRouter();
  const selection = useBulkSelection();
  const [state, setState] = useState({ renderedRows, rows: renderedRows, notShownIds: new Set<string>() });
  // A fresh render from the server (navigation, refresh, an action) replaces what was merged.
  if (state.renderedRows !== renderedRows) setState({ renderedRows, rows: renderedRows, notShownIds: new Set() });

  useLiveUpdates((updates) => {
    setState((current) => {
      const merged = mergeConversationRows(current.rows, updates, { filter, currentUserId });
      const notShownIds = new Set([...current.notShownIds, ...merged.notShownIds]);
      for (const update of updates) if (update.kind === "erased") notShownIds.delete(update.conversationId);
      return { ...current, rows: merged.rows, notShownIds };
    });
  }, renderedAtEventId);

  const query = filterToSearchParams({ ...filter, after: undefined });
  const notShown = state.notShownIds.size;
  return (
    <>
      {state.rows.length > 0 || selection.isSelecting ? <BulkActionsBar selection={selection} visibleIds={state.rows.map((row) => row.id)} options={bulk} currentUserId={currentUserId} /> : null}
      {notShown > 0 ? (
        <button type="button" onClick={() => router.refresh()} className="border-b border-indigo-100 bg-indigo-50 px-4 py-2 text-left text-sm text-indigo-800 hover:bg-indigo-100">
          {notShown === 1 ? "1 more conversation has news" : `${notShown} more conversations have news`} · Show
        </button>
      ) : null}
      {state.rows.length === 0 ? (
        emptyState
      ) : (
        <ul className="relative min-h-0 flex-1 divide-y divide-slate-100 overflow-y-auto">
          {state.rows.map((conversation) => {
            const customer = customerName(conversation.customer, formatAddress(conversation.customer.address, conversation.channel));
            const isRowUnread = isUnread(conversation, conversation.readState ?? NEVER_READ);
            return (
              <li key={conversation.id} className="flex">
                {selection.isSelecting ? <BulkCheckbox selection={selection} conversationId={conversation.id} customer={customer} /> : null}
                <Link
                  href={`/conversations/${conversation.id}${query}`}
                  aria-current={conversation.id === activeId ? "page" : undefined}
                  data-testid="conversation-row"
                  data-shortcut-target="row"
                  className="flex min-w-0 flex-1 flex-col gap-1 px-4 py-3 hover:bg-slate-50 aria-[current=page]:bg-indigo-50"
                >
                  <div className="flex items-center gap-2">
                    {isRowUnread ? <span className="h-2.5 w-2.5 shrink-0 rounded-full bg-indigo-600" aria-label="Unread" role="img" /> : null}
                    <span className={`truncate ${isRowUnread ? "font-semibold" : "font-medium"}`}>{customer}</span>
                    <span className="ml-auto shrink-0 text-xs text-slate-600">
                      <RelativeTime date={conversation.lastMessageAt} />
                    </span>
                  </div>
                  <p className={`truncate text-sm ${isRowUnread ? "text-slate-900" : "text-slate-600"}`}>{conversation.lastMessagePreview}</p>
                  <div className="flex flex-wrap items-center gap-2 text-xs text-slate-600">
                    <ChannelLabel channel={conversation.channel} />
                    <span>to {formatAddress(conversation.businessNumber, conversation.channel)}</span>
                    <span data-testid="inbox-name">{conversation.inbox.name}</span>
                    {conversation.status !== "open" ? <Badge tone={conversation.status === "resolved" ? "green" : "amber"}>{conversation.status}</Badge> : null}
                    {conversation.priority !== "none" ? <PriorityBadge priority={conversation.priority} /> : null}
                    {conversation.labels.map((label) => (
                      <LabelChip key={label.id} label={label} />
                    ))}
                    {conversation.assignee ? <span>· {conversation.assignee.id === currentUserId ? "you" : (conversation.assignee.name ?? conversation.assignee.email)}</span> : null}
                  </div>
                </Link>
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}
