import "server-only";
import type { CurrentUser } from "../auth/current-user";
import { getDb } from "../db";
import { conversationAccessWhere } from "./conversation-access";

/** Checked before a page starts streaming, so a missing conversation, or one out of reach, is a real 404. */
export async function conversationExists(user: CurrentUser, conversationId: string): Promise<boolean> {
  return (await getDb().conversation.count({ where: { AND: [{ id: conversationId }, conversationAccessWhere(user)] } })) > 0;
}
