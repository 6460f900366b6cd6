"use client";

// An open thread kept current by live updates: its status, unread mark and assignee from the row
// each update carries; new and changed messages fetched in one request per coalesced batch. It
// stays at the newest message as messages arrive, unless the reader has scrolled up.
import { useRouter } from "next/navigation";
import { useEffect, useLayoutEffect, useRef, useState } from "react";
import { markReadAction } from "@/app/(signed-in)/conversations/[conversationId]/actions";
import { Badge } from "@/components/ui/badge";
import { LocalTime } from "@/components/ui/local-time";
import type { ThreadMessage } from "@/lib/conversations/thread-message";
import { MAX_MESSAGE_IDS_PER_FETCH, type LiveUpdate } from "@/lib/live/live-update";
import { mergeThreadMessages } from "@/lib/live/merge-thread-messages";
import { ConversationActions } from "./conversation-actions";
import { DayDivider } from "./day-divider";
import { useLiveUpdates } from "./live-updates";
import { MarkRead } from "./mark-read";
import { MediaViewerProvider } from "./media-viewer";
import { MessageBody } from "./message-body";

const STATUS_LABELS: Record<string, string> = { submitted: "Sent", delivered: "Delivered", read: "Read", rejected: "Rejected", undeliverable: "Not delivered" };
/** Within this many pixels of the end, the reader is following the conversation. */
const FOLLOWING_PX = 80;

type Summary = { status: string; isUnread: boolean; assigneeId: string | null; updatedAt: string };

type Props = {
  conversationId: string;
  customerName: string;
  summary: Summary;
  messages: ThreadMessage[];
  isNewestPage: boolean;
  renderedAtEventId: number | null;
  /** The header's fixed parts: before the badges (name, number, channel) and after them (links). */
  headerStart: React.ReactNode;
  headerEnd: React.ReactNode;
  /** "Older messages", when there are. */
  olderLink: React.ReactNode;
  currentUserId: string;
  people: { id: string; name: string | null; email: string }[];
};

export function LiveThread(props: Props) {
  const { conversationId, customerName, isNewestPage, renderedAtEventId } = props;
  const router = useRouter();
  const [state, setState] = useState({ rendered: props.messages, messages: props.messages, renderedSummary: props.summary, summary: props.summary });
  // A fresh render from the server (navigation, refresh, an action) replaces what was merged.
  if (state.rendered !== props.messages || state.renderedSummary !== props.summary) {
    setState({ rendered: props.messages, messages: props.messages, renderedSummary: props.summary, summary: props.summary });
  }
  const list = useRef<HTMLOListElement>(null);
  const isFollowing = useRef(true);
  // Updates are replayed after a fresh render (ids overlap); each is acted on once.
  const appliedUpdateIds = useRef(new Set<number>());
  const shownMessageIds = useRef(new Set<string>());
  useEffect(() => {
    shownMessageIds.current = new Set(state.messages.map((message) => message.id));
  }, [state.messages]);

  useLiveUpdates((updates) => {
    const mine = updates.filter((update) => update.conversationId === conversationId && !appliedUpdateIds.current.has(update.id));
    if (mine.length === 0) return;
    for (const update of mine) appliedUpdateIds.current.add(update.id);
    // Erased: the page says it no longer exists.
    if (mine.some((update) => update.kind === "erased")) return router.refresh();
    const newest = mine.at(-1)!.conversation!;
    setState((current) =>
      newest.updatedAt < current.summary.updatedAt
        ? current
        : { ...current, summary: { status: newest.status, isUnread: newest.isUnread, assigneeId: newest.assignee?.id ?? null, updatedAt: newest.updatedAt } },
    );
    const messageIds = [...new Set(mine.filter(hasMessage).map((update) => update.messageId!))];
    if (messageIds.length === 0) return;
    if (messageIds.length > MAX_MESSAGE_IDS_PER_FETCH) return router.refresh();
    const element = list.current;
    isFollowing.current = !element || element.scrollHeight - element.scrollTop - element.clientHeight < FOLLOWING_PX;
    void fetchMessages(conversationId, messageIds).then(
      (fetched) => {
        const hasNewFromCustomer = fetched.some((message) => message.direction === "inbound" && !shownMessageIds.current.has(message.id));
        setState((current) => ({ ...current, messages: mergeThreadMessages(current.messages, fetched, { isNewestPage }) }));
        // The reader is looking at it: a new message from the customer is read.
        if (hasNewFromCustomer && isNewestPage && !document.hidden) void markReadAction(conversationId);
      },
      // Gone, or out of reach now: the page says so.
      () => router.refresh(),
    );
  }, renderedAtEventId);

  useLayoutEffect(() => {
    if (isFollowing.current && list.current) list.current.scrollTop = list.current.scrollHeight;
  }, [state.messages]);

  const { messages, summary } = state;
  const images = messages.flatMap((message) => message.media.filter((media) => media.kind === "image").map((media) => ({ id: media.id, caption: media.caption })));
  return (
    <MediaViewerProvider images={images}>
      <MarkRead conversationId={conversationId} isUnread={props.summary.isUnread} />
      <div className="flex h-full flex-col">
        <header className="flex flex-col gap-3 border-b border-slate-200 bg-white p-4">
          <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
            {props.headerStart}
            <Badge tone={summary.status === "resolved" ? "green" : "amber"}>{summary.status}</Badge>
            {summary.isUnread ? <Badge tone="indigo">unread</Badge> : null}
            {props.headerEnd}
          </div>
          <ConversationActions conversationId={conversationId} status={summary.status} assigneeId={summary.assigneeId} currentUserId={props.currentUserId} people={props.people} />
        </header>
        <ol ref={list} aria-label="Messages" className="flex flex-1 flex-col gap-2 overflow-y-auto bg-slate-50 p-4">
          {props.olderLink ? <li className="text-center">{props.olderLink}</li> : null}
          {messages.length === 0 ? <li className="text-sm text-slate-500">No messages in this conversation yet.</li> : null}
          {messages.map((message, index) => {
            const isInbound = message.direction === "inbound";
            return [
              <DayDivider key={`day-${message.id}`} date={message.sentAt} previous={messages[index - 1]?.sentAt ?? null} />,
              <li key={message.id} data-testid="message" data-message-type={message.messageType} className={`flex ${isInbound ? "justify-start" : "justify-end"}`}>
                <div className={`max-w-[85%] rounded-2xl px-4 py-2 shadow-sm md:max-w-[70%] ${isInbound ? "rounded-bl-sm bg-white" : "rounded-br-sm bg-indigo-600 text-white"}`}>
                  <span className="sr-only">{isInbound ? `${customerName} wrote` : "You wrote"}</span>
                  <MessageBody message={message} />
                  <div className={`mt-1 flex justify-end gap-2 text-[11px] ${isInbound ? "text-slate-500" : "text-indigo-100"}`}>
                    <LocalTime date={message.sentAt} format="time" />
                    {!isInbound && message.status ? <span data-testid="message-status">· {STATUS_LABELS[message.status] ?? message.status}</span> : null}
                  </div>
                </div>
              </li>,
            ];
          })}
        </ol>
      </div>
    </MediaViewerProvider>
  );
}

function hasMessage(update: LiveUpdate): boolean {
  return (update.kind === "message" || update.kind === "status" || update.kind === "media") && update.messageId !== null;
}

async function fetchMessages(conversationId: string, messageIds: string[]): Promise<ThreadMessage[]> {
  const response = await fetch(`/api/conversations/${conversationId}/messages?ids=${messageIds.join(",")}`, { cache: "no-store" });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return ((await response.json()) as { messages: ThreadMessage[] }).messages;
}
