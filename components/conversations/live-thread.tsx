"use client";

// An open thread kept current by live updates: its status, unread mark and assignee from the row
// each update carries; new and changed messages fetched in one request per coalesced batch. It
// stays at the newest message as messages arrive, unless the reader has scrolled up. Older
// messages open in place above, a page at a time (thread-pages.ts). Above the reply box, who else
// is on the thread.
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";
import { markReadAction } from "@/app/(signed-in)/conversations/[conversationId]/actions";
import { Badge } from "@/components/ui/badge";
import { LocalTime } from "@/components/ui/local-time";
import { isUnread, type ConversationLabelTag, type ReadState } from "@/lib/conversations/conversation-row";
import { interleaveActivity, type ThreadActivity } from "@/lib/conversations/thread-activity";
import type { ReplyDelivery, ThreadMessage } from "@/lib/conversations/thread-message";
import { shownThread, withFreshRender, withOlderPage, type ThreadPage } from "@/lib/conversations/thread-pages";
import { canQuoteReply } from "@/lib/replies/reply-window";
import { MAX_MESSAGE_IDS_PER_FETCH, type LiveUpdate } from "@/lib/live/live-update";
import { mergeThreadMessages } from "@/lib/live/merge-thread-messages";
import { ActivityLine } from "./activity-line";
import { Composer, type ComposerProps, type ReplyTarget } from "./composer";
import { ConversationActions } from "./conversation-actions";
import { DayDivider } from "./day-divider";
import { useLiveUpdates } from "./live-updates";
import { MarkRead } from "./mark-read";
import { MediaViewerProvider } from "./media-viewer";
import { MessageBody } from "./message-body";
import { PresenceLine, usePresence } from "./presence";
import { RetryReply } from "./retry-reply";

const STATUS_LABELS: Record<string, string> = { submitted: "Sent", delivered: "Delivered", read: "Read", rejected: "Rejected", undeliverable: "Not delivered" };
const DELIVERY_LABELS: Record<ReplyDelivery["stage"], string> = {
  sending: "Sending…",
  checking: "Checking with Vonage…",
  sent: "Sent ✓",
  delivered: "Delivered ✓✓",
  read: "Read ✓✓",
  failed: "Failed",
};
/** Within this many pixels of the end, the reader is following the conversation. */
const FOLLOWING_PX = 80;

/** `readState`: the reader's own; a shared live row carries none, and the one known is kept. */
type Summary = {
  status: string;
  assigneeId: string | null;
  updatedAt: string;
  lastInboundAt: string | null;
  readState: ReadState;
  snoozedUntil: string | null;
  priority: string;
  labels: ConversationLabelTag[];
};

type Props = {
  conversationId: string;
  customerName: string;
  summary: Summary;
  messages: ThreadMessage[];
  /** What was done to the conversation in the time the page spans, shown between the messages. */
  activity: ThreadActivity[];
  /** Every label, for the labels menu. */
  availableLabels: ConversationLabelTag[];
  isNewestPage: boolean;
  renderedAtEventId: number | null;
  /** The header's fixed parts: the title (name, channel), details (numbers, inbox) and links (gallery, erase). */
  headerTitle: React.ReactNode;
  headerDetails: React.ReactNode;
  headerLinks: React.ReactNode;
  /** The cursor of the page before this one; null when this page holds the first message. */
  olderCursor: string | null;
  currentUserId: string;
  people: { id: string; name: string | null; email: string }[];
  composer: Omit<ComposerProps, "conversationId" | "replyTo" | "onCancelReplyTo" | "onReplyInput">;
};

export function LiveThread(props: Props) {
  const { conversationId, customerName, isNewestPage, renderedAtEventId } = props;
  const router = useRouter();
  const page: ThreadPage = { messages: props.messages, activity: props.activity, olderCursor: props.olderCursor };
  const [state, setState] = useState({ rendered: props.messages, shown: shownThread(page), renderedSummary: props.summary, summary: props.summary });
  // A fresh render from the server (navigation, refresh, an action) replaces what was merged,
  // keeping the older pages the reader opened (thread-pages.ts).
  if (state.rendered !== props.messages || state.renderedSummary !== props.summary) {
    setState({ rendered: props.messages, shown: withFreshRender(state.shown, page), renderedSummary: props.summary, summary: props.summary });
  }
  const [olderState, setOlderState] = useState<"idle" | "loading" | "failed">("idle");
  /** While older messages go in above: how far from the end the reader was, to keep them there. */
  const distanceFromEnd = useRef<number | null>(null);
  const [replyTo, setReplyTo] = useState<ReplyTarget | null>(null);
  const cancelReplyTo = useCallback(() => setReplyTo(null), []);
  const list = useRef<HTMLOListElement>(null);
  const presence = usePresence(conversationId);
  /** Whether the reader is at the newest message (kept as they scroll): new ones then keep them there. */
  const isFollowing = useRef(true);
  // Updates are replayed after a fresh render (ids overlap); each is acted on once.
  const appliedUpdateIds = useRef(new Set<number>());
  const shownMessageIds = useRef(new Set<string>());
  useEffect(() => {
    shownMessageIds.current = new Set(state.shown.messages.map((message) => message.id));
  }, [state.shown.messages]);

  useLiveUpdates((updates) => {
    const mine = updates.filter((update) => update.conversationId === conversationId && !appliedUpdateIds.current.has(update.id));
    if (mine.length === 0) return;
    for (const update of mine) appliedUpdateIds.current.add(update.id);
    // Erased: the page says it no longer exists.
    if (mine.some((update) => update.kind === "erased")) return router.refresh();
    // Assigned, resolved, snoozed, labelled… by someone: the page brings the activity line too.
    if (mine.some((update) => update.kind === "state" || update.kind === "assignment")) router.refresh();
    const newest = mine.at(-1)!.conversation!;
    // Shared rows carry no read state: the newest one a "read" update (this person's) carried counts.
    const readState = mine.findLast((update) => update.conversation?.readState)?.conversation?.readState;
    setState((current) =>
      newest.updatedAt < current.summary.updatedAt
        ? current
        : {
            ...current,
            summary: {
              status: newest.status,
              assigneeId: newest.assignee?.id ?? null,
              updatedAt: newest.updatedAt,
              lastInboundAt: newest.lastInboundAt,
              readState: readState ?? current.summary.readState,
              snoozedUntil: newest.snoozedUntil,
              priority: newest.priority,
              labels: newest.labels,
            },
          },
    );
    const messageIds = [...new Set(mine.filter(hasMessage).map((update) => update.messageId!))];
    if (messageIds.length === 0) return;
    if (messageIds.length > MAX_MESSAGE_IDS_PER_FETCH) return router.refresh();
    void fetchMessages(conversationId, messageIds).then(
      (fetched) => {
        const hasNewFromCustomer = fetched.some((message) => message.direction === "inbound" && !shownMessageIds.current.has(message.id));
        setState((current) => ({ ...current, shown: { ...current.shown, messages: mergeThreadMessages(current.shown.messages, fetched, { isNewestPage }) } }));
        // The reader is looking at it: a new message from the customer is read.
        if (hasNewFromCustomer && isNewestPage && !document.hidden) void markReadAction(conversationId);
      },
      // Gone, or out of reach now: the page says so.
      () => router.refresh(),
    );
  }, renderedAtEventId);

  useLayoutEffect(() => {
    const element = list.current;
    if (!element) return;
    if (distanceFromEnd.current !== null) {
      element.scrollTop = element.scrollHeight - distanceFromEnd.current;
      distanceFromEnd.current = null;
    } else if (isFollowing.current) {
      element.scrollTop = element.scrollHeight;
    }
  }, [state.shown.messages]);

  // On every scroll, not only when messages arrive: a fresh render from the server (after marking
  // read, an action) must not take a reader who scrolled up back to the newest message.
  function rememberWhetherFollowing(event: React.UIEvent<HTMLOListElement>) {
    const element = event.currentTarget;
    isFollowing.current = element.scrollHeight - element.scrollTop - element.clientHeight < FOLLOWING_PX;
  }

  async function showOlder(event: React.MouseEvent<HTMLAnchorElement>) {
    const cursor = state.shown.olderCursor;
    // Without the page's code (or opened in a new tab), the link opens the older page itself.
    if (!cursor || event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    if (olderState === "loading") return;
    setOlderState("loading");
    const older = await fetchOlderPage(conversationId, cursor);
    // Gone, or out of reach now: the page says so.
    if (older === "not-found") return router.refresh();
    if (older === "failed") return setOlderState("failed");
    const element = list.current;
    isFollowing.current = false;
    distanceFromEnd.current = element ? element.scrollHeight - element.scrollTop : null;
    setState((current) => ({ ...current, shown: withOlderPage(current.shown, older) }));
    setOlderState("idle");
  }

  const { summary } = state;
  const { messages, olderCursor } = state.shown;
  const items = interleaveActivity(messages, state.shown.activity);
  const images = messages.flatMap((message) => message.media.filter((media) => media.kind === "image").map((media) => ({ id: media.id, caption: media.caption })));
  return (
    <MediaViewerProvider images={images}>
      <MarkRead conversationId={conversationId} isUnread={isUnread(props.summary, props.summary.readState)} />
      <div className="flex h-full flex-col">
        {/* Compact at phone width: the title on one line, the main actions in a row, the rest under "More". */}
        <header className="flex shrink-0 flex-col gap-2 border-b border-slate-200 bg-white px-3 py-2 sm:gap-3 sm:p-4">
          <div className="flex min-w-0 items-center gap-x-3 gap-y-1 sm:flex-wrap">
            {props.headerTitle}
            <Badge tone={summary.status === "resolved" ? "green" : "amber"}>{summary.status}</Badge>
            {isUnread(summary, summary.readState) ? <Badge tone="indigo">unread</Badge> : null}
            <div className="hidden flex-wrap gap-x-3 text-sm text-slate-500 sm:flex">{props.headerDetails}</div>
          </div>
          <ConversationActions
            conversationId={conversationId}
            status={summary.status}
            assigneeId={summary.assigneeId}
            currentUserId={props.currentUserId}
            people={props.people}
            triage={{ snoozedUntil: summary.snoozedUntil, priority: summary.priority, labels: summary.labels, availableLabels: props.availableLabels }}
          >
            <div className="flex flex-wrap gap-x-3 text-sm text-slate-500 sm:hidden">{props.headerDetails}</div>
            {props.headerLinks}
          </ConversationActions>
        </header>
        <ol ref={list} onScroll={rememberWhetherFollowing} aria-label="Messages" className="relative flex min-h-0 flex-1 flex-col gap-2 overflow-y-auto bg-slate-50 p-3 sm:p-4">
          {olderCursor ? (
            <li className="text-center text-sm">
              <a href={`/conversations/${conversationId}?before=${olderCursor}`} onClick={showOlder} aria-disabled={olderState === "loading"} className="text-indigo-700 underline">
                {olderState === "loading" ? "Loading older messages…" : "Older messages"}
              </a>
              {olderState === "failed" ? <span role="alert" className="ml-2 text-red-700">They could not be loaded: check the connection and try again.</span> : null}
            </li>
          ) : null}
          {messages.length === 0 ? <li className="text-sm text-slate-500">No messages in this conversation yet.</li> : null}
          {items.map((item, index) => [
            <DayDivider key={`day-${item.type === "activity" ? item.activity.id : item.message.id}`} date={item.at} previous={items[index - 1]?.at ?? null} />,
            item.type === "activity" ? (
              <ActivityLine key={item.activity.id} activity={item.activity} viewerId={props.currentUserId} />
            ) : (
              <MessageBubble
                key={item.message.id}
                message={item.message}
                customerName={customerName}
                onReplyTo={canQuoteReply(item.message.channel) && item.message.direction === "inbound" && item.message.messageUuid ? setReplyTo : undefined}
              />
            ),
          ])}
        </ol>
        <PresenceLine people={presence.people} />
        {isNewestPage ? <Composer conversationId={conversationId} replyTo={replyTo} onCancelReplyTo={cancelReplyTo} onReplyInput={presence.reportTyping} {...props.composer} /> : null}
      </div>
    </MediaViewerProvider>
  );
}

function MessageBubble({ message, customerName, onReplyTo }: { message: ThreadMessage; customerName: string; onReplyTo?: (target: ReplyTarget) => void }) {
  const isInbound = message.direction === "inbound";
  const isNote = message.direction === "note";
  const tone = isInbound ? "rounded-bl-sm bg-white" : isNote ? "rounded-br-sm border border-amber-300 bg-amber-50 text-amber-950" : "rounded-br-sm bg-indigo-600 text-white";
  const metaTone = isInbound ? "text-slate-500" : isNote ? "text-amber-800" : "text-indigo-100";
  const who = isInbound ? `${customerName} wrote` : isNote ? `Private note by ${message.author ?? "a former colleague"}` : `${message.author ?? "CareDesk"} wrote`;
  return (
    <li data-testid="message" data-message-type={message.messageType} data-direction={message.direction} className={`group flex ${isInbound ? "justify-start" : "justify-end"}`}>
      <div className={`max-w-[85%] rounded-2xl px-4 py-2 shadow-sm md:max-w-[70%] ${tone}`}>
        {isNote ? <div className="mb-1 text-[11px] font-semibold uppercase tracking-wide text-amber-800">Private note · {message.author ?? "former colleague"}</div> : null}
        {!isInbound && !isNote && message.author ? <div className="mb-1 text-[11px] text-indigo-100">{message.author}</div> : <span className="sr-only">{who}</span>}
        {message.template ? <div className={`mb-1 text-[11px] ${metaTone}`}>Template {message.template.name} ({message.template.locale})</div> : null}
        <MessageBody message={message} />
        <div className={`mt-1 flex flex-wrap items-center justify-end gap-2 text-[11px] ${metaTone}`}>
          {onReplyTo ? (
            <button type="button" onClick={() => onReplyTo({ id: message.id, text: message.text ?? `a ${message.messageType} message` })} className="underline hover:no-underline">
              Reply to this
            </button>
          ) : null}
          <LocalTime date={message.sentAt} format="time" />
          {message.delivery ? (
            <span data-testid="message-status">· {DELIVERY_LABELS[message.delivery.stage]}</span>
          ) : !isInbound && !isNote && message.status ? (
            <span data-testid="message-status">· {STATUS_LABELS[message.status] ?? message.status}</span>
          ) : null}
        </div>
        {message.delivery?.reason ? (
          <div className="mt-1 rounded bg-white/90 px-2 py-1 text-xs text-slate-800" data-testid="delivery-reason">
            {message.delivery.stage === "failed" ? "" : "Retrying: "}
            {message.delivery.reason}
          </div>
        ) : null}
        {message.delivery?.stage === "failed" ? <RetryReply messageId={message.id} /> : null}
      </div>
    </li>
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

async function fetchOlderPage(conversationId: string, before: string): Promise<ThreadPage | "not-found" | "failed"> {
  try {
    const response = await fetch(`/api/conversations/${conversationId}/older-messages?before=${before}`, { cache: "no-store" });
    if (response.status === 404) return "not-found";
    return response.ok ? ((await response.json()) as ThreadPage) : "failed";
  } catch {
    return "failed";
  }
}
