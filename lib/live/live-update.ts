// What an open tab is sent for one change: the notice, and the conversation's inbox row as it is
// now, so a tab showing the inbox needs no request of its own. Shared by server and browser.
// An erased conversation has no row: tabs drop it, and what they held of it.
import type { ConversationRow } from "../conversations/conversation-row";
import type { LiveNotice } from "./live-bus";

/** How many messages a tab asks for at once after a batch of updates; more, and it re-renders the page. */
export const MAX_MESSAGE_IDS_PER_FETCH = 50;

export type LiveUpdate = (LiveNotice & { kind: Exclude<LiveNotice["kind"], "erased">; conversation: ConversationRow }) | (LiveNotice & { kind: "erased"; conversation: null });
