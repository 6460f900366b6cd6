// One change to several conversations at once (the inbox's bulk actions): each is changed by
// updateConversation, in its own transaction with its own activity and audit rows, and each is
// access-checked on its own. One out of reach or failing leaves the others done.
import "server-only";
import type { CurrentUser } from "../auth/current-user";
import { isAppError } from "../errors";
import { getLogger } from "../logger";
import type { ConversationChange } from "./conversation-change";
import { updateConversation } from "./update-conversation";

/** At most this many in one go: a page of the inbox, and then some. */
export const MAX_BULK_CONVERSATIONS = 100;

export type BulkOutcome = {
  changed: number;
  /** Gone, or not the person's to see (any more): indistinguishable on purpose. */
  outOfReach: number;
  failed: number;
  /** Why the first failure failed, in words a person can act on (null when unexpected). */
  failure: string | null;
};

export async function updateConversations(user: CurrentUser, conversationIds: string[], change: ConversationChange): Promise<BulkOutcome> {
  const outcome: BulkOutcome = { changed: 0, outOfReach: 0, failed: 0, failure: null };
  // One after another: the database's writer is shared with webhooks, which must not wait behind a burst.
  for (const conversationId of new Set(conversationIds)) {
    try {
      await updateConversation(user, conversationId, change);
      outcome.changed++;
    } catch (error) {
      if (isAppError(error) && error.code === "not_found") {
        outcome.outOfReach++;
        continue;
      }
      outcome.failed++;
      if (isAppError(error)) outcome.failure ??= error.message;
      else getLogger().error({ err: error instanceof Error ? error.message : String(error), conversationId, kind: change.kind }, "bulk change failed for one conversation");
    }
  }
  return outcome;
}
