// Live updates for open dashboards. Events carry ids only (never message text). On SQLite (one
// server) they travel in-process; on PostgreSQL every instance LISTENs on one channel and
// events are published with NOTIFY, so instances behind a load balancer see each other's.
import { EventEmitter } from "node:events";

export type LiveEvent = { type: "conversation"; conversationId: string };

export const LIVE_CHANNEL = "caredesk_events";

const holder = globalThis as unknown as { careDeskLiveBus?: EventEmitter };

export function liveBus(): EventEmitter {
  if (!holder.careDeskLiveBus) {
    holder.careDeskLiveBus = new EventEmitter();
    // One listener per open dashboard tab.
    holder.careDeskLiveBus.setMaxListeners(0);
  }
  return holder.careDeskLiveBus;
}

export function isLiveEvent(value: unknown): value is LiveEvent {
  const event = value as LiveEvent;
  return typeof event === "object" && event !== null && event.type === "conversation" && typeof event.conversationId === "string";
}
