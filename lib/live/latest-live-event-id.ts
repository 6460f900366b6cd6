import "server-only";
import { getDb } from "../db";

/**
 * The newest live event id, read before a page reads its data: the page then shows at least
 * everything up to it, and its live parts replay what came after (components/conversations/live-updates.tsx).
 */
export async function latestLiveEventId(): Promise<number | null> {
  const newest = await getDb().liveEvent.findFirst({ orderBy: { id: "desc" }, select: { id: true } });
  return newest?.id ?? null;
}
