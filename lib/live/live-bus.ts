// Live updates for open dashboards. A change is stored as a LiveEvent row (its id is the stream's
// event id) and announced with ids only, never customer text: on SQLite (one server) in-process,
// on PostgreSQL with NOTIFY on one channel that every instance LISTENs to, so instances behind a
// load balancer see each other's. The same channel carries access changes (a person disabled, their
// sessions ended: their user id only), so their open streams re-check at once on every instance.
import { EventEmitter } from "node:events";

export const LIVE_EVENT_KINDS = ["message", "status", "media", "assignment", "state", "read", "erased"] as const;
export type LiveEventKind = (typeof LIVE_EVENT_KINDS)[number];

/**
 * What changed, as its writer announces it. `userId`: the change is one person's own (their read
 * state) and goes to their tabs only.
 */
export type LiveChange = { kind: LiveEventKind; conversationId: string; messageId: string | null; userId?: string | null };

/** A stored change with its id: what travels between instances. */
export type LiveNotice = LiveChange & { id: number };

export const LIVE_CHANNEL = "caredesk_events";

/** "This person's access changed": their open streams re-check it now ("access" events carry the user id). */
export type AccessNotice = { accessChangedFor: string };

const holder = globalThis as unknown as { careDeskLiveBus?: EventEmitter };

/**
 * This process's notices, in the order they arrived ("notice" events), access changes ("access"
 * events), and other instances' presence reports ("presence" events, lib/presence/presence-notice.ts).
 */
export function liveBus(): EventEmitter {
  if (!holder.careDeskLiveBus) {
    holder.careDeskLiveBus = new EventEmitter();
    holder.careDeskLiveBus.setMaxListeners(0);
  }
  return holder.careDeskLiveBus;
}

export function isLiveNotice(value: unknown): value is LiveNotice {
  const notice = value as LiveNotice;
  return (
    typeof notice === "object" &&
    notice !== null &&
    Number.isSafeInteger(notice.id) &&
    (LIVE_EVENT_KINDS as readonly string[]).includes(notice.kind) &&
    typeof notice.conversationId === "string" &&
    (notice.messageId === null || typeof notice.messageId === "string") &&
    (notice.userId === undefined || notice.userId === null || typeof notice.userId === "string")
  );
}

export function isAccessNotice(value: unknown): value is AccessNotice {
  const notice = value as AccessNotice;
  return typeof notice === "object" && notice !== null && typeof notice.accessChangedFor === "string";
}
