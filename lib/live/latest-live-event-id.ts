import "server-only";
import { cache } from "react";
import { getDb } from "../db";

/**
 * The newest live event id, read before a page reads its data: the page then shows at least
 * everything up to it, and its live parts replay what came after (components/conversations/live-updates.tsx).
 * Read once per page render, first by the layout: an id read earlier than a part's own data only
 * replays a little more.
 */
export const latestLiveEventId = cache(async (): Promise<number | null> => {
  const newest = await getDb().liveEvent.findFirst({ orderBy: { id: "desc" }, select: { id: true } });
  return newest?.id ?? null;
});
