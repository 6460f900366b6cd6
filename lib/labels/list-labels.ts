import "server-only";
import { cache } from "react";
import { getDb } from "../db";
import type { ConversationLabelTag } from "../conversations/conversation-row";

/**
 * Every label, by name: for the admin page, and for agents labelling and filtering conversations
 * (a label's name and colour are no secret to anyone signed in). Read once per page render: the
 * list, the thread and the views' counts each ask.
 */
export const listLabels = cache(async (): Promise<ConversationLabelTag[]> => {
  return getDb().label.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true, color: true } });
});
