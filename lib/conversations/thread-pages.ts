// What an open thread shows: the page the server rendered (the newest, or the `?before=` page a
// link opened) and the older pages the agent opened in place above it. A fresh render of the page
// (after an action, or a live update that refreshes it) replaces what it covers and keeps the
// older pages shown, so the agent reading back does not lose their place.
import { mergeThreadMessages } from "../live/merge-thread-messages";
import type { ThreadActivity } from "./thread-activity";
import type { ThreadMessage } from "./thread-message";

/**
 * Messages a thread shows at once, newest first; older ones come a page at a time, in place. A
 * first page of 200 cost about 20 ms of the server's CPU to render and send, and an agent opening
 * a thread reads its last few messages (Chatwoot shows 20).
 */
export const THREAD_PAGE_SIZE = 50;

/** One page of a thread, oldest first, and the cursor of the page before it (null: none). */
export type ThreadPage = { messages: ThreadMessage[]; activity: ThreadActivity[]; olderCursor: string | null };

export type ShownThread = ThreadPage & { hasOlderPages: boolean };

export function shownThread(page: ThreadPage): ShownThread {
  return { ...page, hasOlderPages: false };
}

/** An older page opened in place: its messages and activity go above what is shown. */
export function withOlderPage(shown: ShownThread, older: ThreadPage): ShownThread {
  return {
    messages: mergeThreadMessages(shown.messages, older.messages, { isNewestPage: true }),
    activity: mergeActivity(shown.activity, older.activity),
    olderCursor: older.olderCursor,
    hasOlderPages: true,
  };
}

/**
 * A fresh render of the page. Without older pages open it is what is shown. With them, its
 * messages replace their earlier versions and join the rest: new messages can push some of the
 * page's oldest off it, and those stay shown between the older pages and the page.
 */
export function withFreshRender(shown: ShownThread, fresh: ThreadPage): ShownThread {
  if (!shown.hasOlderPages) return shownThread(fresh);
  return {
    messages: mergeThreadMessages(shown.messages, fresh.messages, { isNewestPage: true }),
    activity: mergeActivity(shown.activity, fresh.activity),
    olderCursor: shown.olderCursor,
    hasOlderPages: true,
  };
}

function mergeActivity(shown: ThreadActivity[], more: ThreadActivity[]): ThreadActivity[] {
  const byId = new Map([...shown, ...more].map((activity) => [activity.id, activity]));
  return [...byId.values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
}
