// Which live updates bring a person a new message from a customer worth a notification (and a
// sound): a "message" update whose row's lastInboundAt is newer than the tab knew, in a conversation
// assigned to them or unassigned (the stream carries only what they may see, so unassigned means
// unassigned in their inboxes). Not their own replies and notes (the customer's time stays), not a
// status, assignment or read change, and not the thread they are looking at in a visible tab.
import type { ConversationRow } from "../conversations/conversation-row";
import type { LiveUpdate } from "./live-update";

/** Where the person is: the thread on screen, if any, and whether the tab can be seen. */
export type Viewing = { conversationId: string | null; isVisible: boolean };

export type NewCustomerMessageDetector = (update: LiveUpdate, viewing: Viewing) => ConversationRow | null;

/**
 * `knownSince`: when the tab's page was rendered (ISO); a conversation the tab has not heard of yet
 * counts as known up to then, so older messages are never announced as new.
 */
export function createNewCustomerMessageDetector(currentUserId: string, knownSince: string): NewCustomerMessageDetector {
  const newestKnown = new Map<string, string>();
  return (update, viewing) => {
    if (update.kind === "erased") {
      newestKnown.delete(update.conversationId);
      return null;
    }
    if (update.kind !== "message") return null;
    const row = update.conversation;
    const known = newestKnown.get(row.id) ?? knownSince;
    if (row.lastInboundAt === null || row.lastInboundAt <= known) return null;
    newestKnown.set(row.id, row.lastInboundAt);
    if (row.assignee !== null && row.assignee.id !== currentUserId) return null;
    if (viewing.isVisible && viewing.conversationId === row.id) return null;
    return row;
  };
}
