// Turns notices into updates once per process, however many tabs are open: the rows of every
// notice waiting are read in one query, and updates leave in the order the notices came, so a
// later update never carries an older row.
import "server-only";
import { EventEmitter } from "node:events";
import { CONVERSATION_ROW_SELECT, NEVER_READ, toConversationRow, type ConversationRow, type ReadState } from "../conversations/conversation-row";
import { getDb } from "../db";
import { getLogger } from "../logger";
import type { LiveNotice } from "./live-bus";
import type { LiveUpdate } from "./live-update";
import { subscribeLiveNotices } from "./subscribe-live-events";

type Pipeline = { updates: EventEmitter; unsubscribe: Promise<() => void> };

const holder = globalThis as unknown as { careDeskLivePipeline?: Pipeline };

/** The current inbox rows of these conversations (a deleted one is missing). */
export async function loadConversationRows(conversationIds: string[]): Promise<Map<string, ConversationRow>> {
  const rows = await getDb().conversation.findMany({ where: { id: { in: [...new Set(conversationIds)] } }, select: CONVERSATION_ROW_SELECT });
  return new Map(rows.map((row) => [row.id, toConversationRow(row)]));
}

/** The read states that one person's own notices carry, keyed by notice id. */
export async function loadReadStates(notices: LiveNotice[]): Promise<Map<number, ReadState>> {
  const own = notices.filter((notice) => notice.userId);
  if (own.length === 0) return new Map();
  const reads = await getDb().conversationRead.findMany({
    where: { OR: own.map((notice) => ({ conversationId: notice.conversationId, userId: notice.userId! })) },
    select: { conversationId: true, userId: true, readAt: true, isMarkedUnread: true },
  });
  const byKey = new Map(reads.map((read) => [`${read.conversationId} ${read.userId}`, { readAt: read.readAt.toISOString(), isMarkedUnread: read.isMarkedUnread }]));
  return new Map(own.map((notice) => [notice.id, byKey.get(`${notice.conversationId} ${notice.userId}`) ?? NEVER_READ]));
}

/** The update a notice becomes; none when its conversation is gone (and it was not erased on purpose). */
export function toLiveUpdate(notice: LiveNotice, rows: Map<string, ConversationRow>, readStates: Map<number, ReadState> = new Map()): LiveUpdate | null {
  if (notice.kind === "erased") return { ...notice, kind: "erased", conversation: null };
  const conversation = rows.get(notice.conversationId);
  if (!conversation) return null;
  const readState = readStates.get(notice.id);
  return { ...notice, kind: notice.kind, conversation: readState ? { ...conversation, readState } : conversation };
}

/** Notices become updates in batches: while one batch is read, the next one gathers. */
function startPipeline(): Pipeline {
  const updates = new EventEmitter();
  updates.setMaxListeners(0);
  let waiting: LiveNotice[] = [];
  let isLoading = false;
  const loadWaiting = async () => {
    isLoading = true;
    while (waiting.length > 0) {
      const batch = waiting;
      waiting = [];
      // No tab open in this process: nothing to read.
      if (updates.listenerCount("update") === 0) continue;
      try {
        const [rows, readStates] = await Promise.all([loadConversationRows(batch.map((notice) => notice.conversationId)), loadReadStates(batch)]);
        for (const notice of batch) {
          const update = toLiveUpdate(notice, rows, readStates);
          if (update) updates.emit("update", update);
        }
      } catch (error) {
        // Tabs miss these until they reconnect (the stream is closed so they do, and catch up).
        getLogger().warn({ err: error instanceof Error ? error.message : String(error) }, "live updates not loaded");
        updates.emit("lost");
      }
    }
    isLoading = false;
  };
  const unsubscribe = subscribeLiveNotices((notice) => {
    waiting.push(notice);
    if (!isLoading) void loadWaiting();
  });
  return { updates, unsubscribe };
}

/** Calls `listener` with every update from now on; `onLost` when some could not be loaded. */
export async function subscribeLiveUpdates(listener: (update: LiveUpdate) => void, onLost: () => void): Promise<() => void> {
  const pipeline = (holder.careDeskLivePipeline ??= startPipeline());
  await pipeline.unsubscribe;
  pipeline.updates.on("update", listener);
  pipeline.updates.on("lost", onLost);
  return () => {
    pipeline.updates.off("update", listener);
    pipeline.updates.off("lost", onLost);
  };
}
