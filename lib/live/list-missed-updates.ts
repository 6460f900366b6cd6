// What a tab missed while its stream was down (a restart, a deploy, a laptop lid), from the id of
// the last event it saw (the browser's Last-Event-ID).
import "server-only";
import { getDb } from "../db";
import type { LiveNotice } from "./live-bus";
import { loadConversationRows, loadReadStates, toLiveUpdate } from "./load-live-updates";
import type { LiveUpdate } from "./live-update";

/**
 * On PostgreSQL ids are handed out in one order and committed in another, so an event can land
 * just below the id a tab has already seen: ids up to OVERLAP below it, stored in the last
 * OVERLAP_MS, are sent again, and tabs ignore ids they have applied.
 */
const OVERLAP = 100;
const OVERLAP_MS = 30_000;
/** Further behind than this, reloading the page is cheaper than replaying. */
const MAX_MISSED = 500;

export type MissedUpdates = { isTooFarBehind: false; updates: LiveUpdate[] } | { isTooFarBehind: true; latestId: number };

export async function listMissedUpdates(lastEventId: number): Promise<MissedUpdates> {
  const db = getDb();
  const bounds = await db.liveEvent.aggregate({ _min: { id: true }, _max: { id: true } });
  const oldestId = bounds._min.id ?? 0;
  const latestId = bounds._max.id ?? 0;
  // Ahead of the database (restored from a backup), or behind what is kept: start afresh.
  if (lastEventId > latestId || oldestId > lastEventId + 1) return { isTooFarBehind: true, latestId };
  const events = await db.liveEvent.findMany({
    where: { id: { gt: lastEventId - OVERLAP }, OR: [{ id: { gt: lastEventId } }, { createdAt: { gt: new Date(Date.now() - OVERLAP_MS) } }] },
    orderBy: { id: "asc" },
    take: MAX_MISSED + OVERLAP + 1,
    select: { id: true, kind: true, conversationId: true, messageId: true, userId: true },
  });
  if (events.length > MAX_MISSED + OVERLAP) return { isTooFarBehind: true, latestId };
  const notices = events.map((event): LiveNotice => ({ ...event, kind: event.kind as LiveNotice["kind"] }));
  const [rows, readStates] = await Promise.all([loadConversationRows(events.map((event) => event.conversationId)), loadReadStates(notices)]);
  const updates = notices.map((notice) => toLiveUpdate(notice, rows, readStates)).filter((update): update is LiveUpdate => update !== null);
  return { isTooFarBehind: false, updates };
}
