import "server-only";
import { getDb } from "../db";

/** Checked before a page starts streaming, so a missing conversation is a real 404. */
export async function conversationExists(conversationId: string): Promise<boolean> {
  return (await getDb().conversation.count({ where: { id: conversationId } })) > 0;
}
