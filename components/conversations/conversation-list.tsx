import Link from "next/link";
import { RelativeTime } from "@/components/ui/local-time";
import { Badge } from "@/components/ui/badge";
import type { CurrentUser } from "@/lib/auth/current-user";
import { filterToSearchParams, type ConversationFilter } from "@/lib/conversations/conversation-filters";
import { listConversations } from "@/lib/conversations/list-conversations";
import { ChannelLabel } from "./channel-label";
import { ConversationFiltersForm } from "./conversation-filters-form";

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
  const { conversations, nextCursor } = await listConversations(user, filter);
  const query = filterToSearchParams({ ...filter, after: undefined });
  const isFiltered = Boolean(filter.q || filter.channel || filter.assigned !== "any" || filter.status !== "open" || filter.after);
  return (
    <section aria-label="Conversations" className="flex h-full flex-col">
      <ConversationFiltersForm filter={filter} />
      {conversations.length === 0 ? (
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
      ) : (
        <ul className="flex-1 divide-y divide-slate-100 overflow-y-auto">
          {conversations.map((conversation) => {
            const customer = conversation.customer.profileName ?? conversation.customer.address;
            return (
              <li key={conversation.id}>
                <Link
                  href={`/conversations/${conversation.id}${query}`}
                  aria-current={conversation.id === activeId ? "page" : undefined}
                  data-testid="conversation-row"
                  className="flex flex-col gap-1 px-4 py-3 hover:bg-slate-50 aria-[current=page]:bg-indigo-50"
                >
                  <div className="flex items-center gap-2">
                    {conversation.isUnread ? (
                      <span className="h-2.5 w-2.5 shrink-0 rounded-full bg-indigo-600" aria-label="Unread" role="img" />
                    ) : null}
                    <span className={`truncate ${conversation.isUnread ? "font-semibold" : "font-medium"}`}>{customer}</span>
                    <span className="ml-auto shrink-0 text-xs text-slate-500">
                      <RelativeTime date={conversation.lastMessageAt} />
                    </span>
                  </div>
                  <p className={`truncate text-sm ${conversation.isUnread ? "text-slate-900" : "text-slate-600"}`}>{conversation.lastMessagePreview}</p>
                  <div className="flex flex-wrap items-center gap-2 text-xs text-slate-500">
                    <ChannelLabel channel={conversation.channel} />
                    <span>to {conversation.businessNumber}</span>
                    {conversation.status === "resolved" ? <Badge tone="green">resolved</Badge> : null}
                    {conversation.assignee ? <span>· {conversation.assignee.id === user.id ? "you" : (conversation.assignee.name ?? conversation.assignee.email)}</span> : null}
                  </div>
                </Link>
              </li>
            );
          })}
        </ul>
      )}
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
    </section>
  );
}
