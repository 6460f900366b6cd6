import "server-only";
import { getDb } from "../db";
import type { ConversationLabelTag } from "../conversations/conversation-row";

/**
 * Every label, by name: for the admin page, and for agents labelling and filtering conversations
 * (a label's name and colour are no secret to anyone signed in).
 */
export async function listLabels(): Promise<ConversationLabelTag[]> {
  return getDb().label.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true, color: true } });
}
