import Link from "next/link";
import type { CurrentUser } from "@/lib/auth/current-user";
import type { ConversationFilter } from "@/lib/conversations/conversation-filters";
import { filterToSearchParams } from "@/lib/conversations/filter-search-params";
import { listConversations } from "@/lib/conversations/list-conversations";
import { latestLiveEventId } from "@/lib/live/latest-live-event-id";
import { listLabels } from "@/lib/labels/list-labels";
import { listAssignableUsers } from "@/lib/users/list-assignable-users";
import { ConversationFiltersForm } from "./conversation-filters-form";
import { ConversationViews } from "./conversation-views";
import { KeyboardShortcutsButton } from "./keyboard-shortcuts";
import { LiveConversationRows } from "./live-conversation-rows";

export async function ConversationList({
  user,
  filter,
  activeId,
  inboundUrl,
}: {
  user: CurrentUser;
  filter: ConversationFilter;
  activeId?: string;
  inboundUrl: string;
}) {
  // Read first: the rows then hold at least every change up to it.
  const renderedAtEventId = await latestLiveEventId();
  const [{ conversations, nextCursor }, labels, people] = await Promise.all([listConversations(user, filter), listLabels(), listAssignableUsers()]);
  const query = filterToSearchParams({ ...filter, after: undefined });
  const isFiltered = Boolean(filter.q || filter.channel || filter.inbox || filter.label || filter.assigned !== "any" || filter.status !== "open" || filter.after);
  return (
    <section aria-label="Conversations" className="flex min-h-0 flex-1 flex-col">
      <ConversationViews filter={filter} />
      <ConversationFiltersForm filter={filter} labels={labels} />
      <LiveConversationRows
        rows={conversations}
        filter={filter}
        activeId={activeId}
        currentUserId={user.id}
        bulk={{ people, labels }}
        renderedAtEventId={renderedAtEventId}
        emptyState={
          <div className="p-6 text-sm text-slate-600">
            {isFiltered ? (
              <p>No conversations match. <Link href="/conversations" className="text-indigo-700 underline">Clear the filters</Link></p>
            ) : (
              <p>
                No conversations yet — point your Vonage application&apos;s inbound URL at{" "}
                <code className="break-all rounded bg-slate-100 px-1">{inboundUrl}</code>
              </p>
            )}
          </div>
        }
      />
      {nextCursor || filter.after ? (
        <div className="flex justify-between border-t border-slate-200 p-3 text-sm">
          {filter.after ? <Link href={`/conversations${query}`} className="text-indigo-700 underline">Newest</Link> : <span />}
          {nextCursor ? (
            <Link href={`/conversations${filterToSearchParams({ ...filter, after: nextCursor })}`} className="text-indigo-700 underline">
              Older
            </Link>
          ) : null}
        </div>
      ) : null}
      <KeyboardShortcutsButton />
    </section>
  );
}
