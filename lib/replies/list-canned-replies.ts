import "server-only";
import { assertAdmin } from "../auth/assert-admin";
import type { CurrentUser } from "../auth/current-user";
import { getDb } from "../db";

export type CannedReplyRow = { id: string; shortcut: string; text: string; updatedAt: Date };

/** Every canned reply, by shortcut, for the admin page (agents get theirs through the composer). */
export async function listCannedReplies(actor: CurrentUser): Promise<CannedReplyRow[]> {
  assertAdmin(actor);
  return getDb().cannedReply.findMany({ orderBy: { shortcut: "asc" }, select: { id: true, shortcut: true, text: true, updatedAt: true } });
}
