// What was done to a conversation, as the thread shows it between the messages ("Sam assigned this
// to Priya · 10:42"): written by the server (list-conversation-activity.ts), read by the browser.
// Names come from the activity row itself, copied in when it was written.

export type ThreadActivity = {
  id: string;
  kind: string;
  /** Who did it: their name or email; null when CareDesk did (a snooze ended) or they were deleted since. */
  actor: string | null;
  actorId: string | null;
  detail: Record<string, string | null>;
  /** ISO date. */
  createdAt: string;
};

/** The line's words; `snoozedUntil` (ISO) is said after them in the reader's own time zone. */
export type ActivityWords = { text: string; snoozedUntil: string | null };

const FORMER_COLLEAGUE = "A former colleague";

/**
 * "Sam resolved this", "Snooze ended", "Priya snoozed this until" (and the time, shown by the page).
 * `viewerId`: the reader, who is "you".
 */
export function describeActivity(activity: ThreadActivity, viewerId: string): ActivityWords {
  const who = activity.actor ?? FORMER_COLLEAGUE;
  const detail = activity.detail;
  const words = (text: string, snoozedUntil: string | null = null): ActivityWords => ({ text, snoozedUntil });
  switch (activity.kind) {
    case "assigned":
      if (activity.actorId !== null && detail.assigneeId === activity.actorId) return words(`${who} took this`);
      return words(`${who} assigned this to ${detail.assigneeId === viewerId ? "you" : (detail.assignee ?? "someone")}`);
    case "unassigned":
      return words(`${who} unassigned this`);
    case "resolved":
      return words(`${who} resolved this`);
    case "reopened":
      return words(`${who} reopened this`);
    case "pending":
      return words(`${who} set this to pending`);
    case "snoozed":
      return words(`${who} snoozed this until`, detail.until ?? null);
    case "woke":
      return words("Snooze ended");
    case "prioritised":
      return words(!detail.priority || detail.priority === "none" ? `${who} removed the priority` : `${who} set priority to ${detail.priority}`);
    case "labelled":
      return words(`${who} added the label ${detail.label ?? ""}`.trimEnd());
    case "unlabelled":
      return words(`${who} removed the label ${detail.label ?? ""}`.trimEnd());
    case "renamed":
      return words(detail.name ? `${who} named the customer ${detail.name}` : `${who} renamed the customer`);
    default:
      return words(`${who} changed this`);
  }
}

export type ThreadItem<Message> = { type: "message"; message: Message; at: string } | { type: "activity"; activity: ThreadActivity; at: string };

/**
 * Messages and activity in one time order; activity at the same moment as a message comes before
 * it. Both lists are already in time order.
 */
export function interleaveActivity<Message extends { sentAt: string }>(messages: Message[], activity: ThreadActivity[]): ThreadItem<Message>[] {
  const items: ThreadItem<Message>[] = [];
  let next = 0;
  for (const message of messages) {
    const sentAt = Date.parse(message.sentAt);
    while (next < activity.length && Date.parse(activity[next]!.createdAt) <= sentAt) {
      items.push({ type: "activity", activity: activity[next]!, at: activity[next]!.createdAt });
      next++;
    }
    items.push({ type: "message", message, at: message.sentAt });
  }
  for (; next < activity.length; next++) items.push({ type: "activity", activity: activity[next]!, at: activity[next]!.createdAt });
  return items;
}
