// This instance's presence: one map (presence-map.ts) kept by the reports of its own tabs
// (publish-presence.ts) and, on PostgreSQL, those other instances announce; a timer forgets what
// ran out. Live streams subscribe to the changes. Held on globalThis, as the live bus is: route
// handlers are bundled apart, and must share it.
import "server-only";
import { randomUUID } from "node:crypto";
import { EventEmitter } from "node:events";
import { subscribePresenceNotices } from "../live/subscribe-live-events";
import { getLogger } from "../logger";
import { createPresenceMap, type PresenceChange } from "./presence-map";
import type { PresenceNotice } from "./presence-notice";
import type { PresencePerson } from "./presence-snapshot";

export type PresenceHub = {
  /** This instance's name on the channel: its own notices come back to it, and are skipped. */
  origin: string;
  apply(notice: PresenceNotice): void;
  list(conversationId: string): PresencePerson[];
  /** Calls `listener` with every change from now on, expiries included. */
  subscribe(listener: (change: PresenceChange) => void): () => void;
};

/** Timers may fire a little before Date.now() reaches their time: the expiry waits this much more. */
const EXPIRY_MARGIN_MS = 5;

const holder = globalThis as unknown as { careDeskPresence?: Promise<PresenceHub> };

async function startHub(): Promise<PresenceHub> {
  const origin = randomUUID();
  const map = createPresenceMap();
  const changes = new EventEmitter();
  changes.setMaxListeners(0);
  let expiryTimer: ReturnType<typeof setTimeout> | undefined;

  const announce = (change: PresenceChange) => {
    getLogger().debug({ conversationId: change.conversationId, people: change.people.length, changedPersonIds: change.changedPersonIds }, "presence changed");
    changes.emit("change", change);
  };
  const scheduleExpiry = () => {
    clearTimeout(expiryTimer);
    const now = Date.now();
    const next = map.nextExpiryAt(now);
    if (next === null) return;
    expiryTimer = setTimeout(() => {
      for (const change of map.expire(Date.now())) announce(change);
      scheduleExpiry();
    }, next - now + EXPIRY_MARGIN_MS);
    // Presence alone never keeps a process alive.
    expiryTimer.unref();
  };
  const apply = (notice: PresenceNotice) => {
    const change = map.apply(notice, Date.now());
    if (change) announce(change);
    scheduleExpiry();
  };

  await subscribePresenceNotices((notice) => {
    if (notice.origin !== origin) apply(notice);
  });
  return {
    origin,
    apply,
    list: (conversationId) => map.list(conversationId, Date.now()),
    subscribe(listener) {
      changes.on("change", listener);
      return () => changes.off("change", listener);
    },
  };
}

/** The process's hub, started on first use (the first report or live stream). */
export function presenceHub(): Promise<PresenceHub> {
  holder.careDeskPresence ??= startHub().catch((error: unknown) => {
    // The next use tries again.
    holder.careDeskPresence = undefined;
    throw error;
  });
  return holder.careDeskPresence;
}
