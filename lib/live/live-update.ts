// What an open tab is sent for one change: the notice, and the conversation's inbox row as it is
// now, so a tab showing the inbox needs no request of its own. Shared by server and browser.
import type { ConversationRow } from "../conversations/conversation-row";
import type { LiveNotice } from "./live-bus";

export type LiveUpdate = LiveNotice & { conversation: ConversationRow };
