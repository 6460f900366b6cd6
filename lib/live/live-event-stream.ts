// A Server-Sent Events stream of live updates for one dashboard tab: first what it missed (from
// its Last-Event-ID), then every update its person may see, each with its id. Every
// `accessCheckMs` it asks whether its person may still see it, and closes when not (signed out,
// disabled, role changed, session ended), and asks at once when any instance announces that its
// person's access changed (announce-access-change.ts). It also closes itself after a few minutes,
// and at once when the server is stopping (server-shutdown-signal.ts).
// Apart from the updates, it tells who else is on each thread its person may see whenever that
// changes (`presence` events, without an id: nothing to catch up on, tabs report every few seconds).
// The browser's EventSource reconnects with the last id it saw, and the reconnect goes through the
// gate again.
import "server-only";
import type { CurrentUser } from "../auth/current-user";
import { canSeeConversation, loadConversationReach } from "../conversations/conversation-access";
import { presenceHub } from "../presence/presence-hub";
import type { PresenceChange } from "../presence/presence-map";
import type { PresenceSnapshot } from "../presence/presence-snapshot";
import { listMissedUpdates } from "./list-missed-updates";
import type { LiveUpdate } from "./live-update";
import { subscribeLiveUpdates } from "./load-live-updates";
import { serverShutdownSignal } from "./server-shutdown-signal";
import { subscribeAccessChanges } from "./subscribe-live-events";

const HEARTBEAT_MS = 20_000;
const MAX_STREAM_MS = 5 * 60_000;
/** A tab that stops reading (asleep, throttled) is dropped rather than buffered for without end. */
const MAX_BUFFERED_BYTES = 1_000_000;

export type LiveStreamOptions = {
  user: CurrentUser;
  /** The last event id the tab saw, if it is reconnecting. */
  lastEventId: number | null;
  accessCheckMs: number;
  isStillAllowed: () => Promise<boolean>;
};

const updateFrame = (update: LiveUpdate) => `id: ${update.id}\nevent: update\ndata: ${JSON.stringify(update)}\n\n`;
const presenceFrame = (presence: PresenceSnapshot) => `event: presence\ndata: ${JSON.stringify(presence)}\n\n`;

export function liveEventStream(signal: AbortSignal, options: LiveStreamOptions): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let cleanup = () => {};
  let isClosed = false;
  return new ReadableStream<Uint8Array>(
    {
      async start(controller) {
        const send = (text: string) => {
          if (isClosed) return;
          if ((controller.desiredSize ?? 0) < -MAX_BUFFERED_BYTES) return cleanup();
          try {
            controller.enqueue(encoder.encode(text));
          } catch {
            cleanup();
          }
        };
        // Subscribed before the catch-up is read, so nothing falls between the two; what both
        // carry is sent once.
        const sentIds = new Set<number>();
        let reach = await loadConversationReach(options.user);
        let held: LiveUpdate[] | null = options.lastEventId === null ? null : [];
        const isForThisStream = (update: LiveUpdate) => {
          // One person's own change (their read state) is theirs alone.
          if (update.userId && update.userId !== options.user.id) return false;
          // An erasure carries no content: every tab may learn to forget.
          return !update.conversation || canSeeConversation(reach, { assigneeId: update.conversation.assignee?.id ?? null, inboxId: update.conversation.inbox.id });
        };
        const sendUpdate = (update: LiveUpdate) => {
          if (sentIds.has(update.id) || !isForThisStream(update)) return;
          sentIds.add(update.id);
          if (sentIds.size > 2_000) sentIds.delete(sentIds.values().next().value!);
          send(updateFrame(update));
        };
        const unsubscribe = await subscribeLiveUpdates(
          (update) => (held ? held.push(update) : sendUpdate(update)),
          () => cleanup(),
        );
        const checkAccess = () => {
          if (isClosed) return;
          // A failed check (database away) closes too: the reconnect is refused or let in by the gate.
          // Team changes reach an open stream here too.
          Promise.all([options.isStillAllowed(), loadConversationReach(options.user)]).then(
            ([isAllowed, latestReach]) => {
              reach = latestReach;
              if (!isAllowed) cleanup();
            },
            () => cleanup(),
          );
        };
        const unsubscribeAccess = await subscribeAccessChanges(options.user.id, checkAccess);
        // Never one's own presence: a change of only that is not sent at all.
        const sendPresence = (change: PresenceChange) => {
          if (change.changedPersonIds.every((id) => id === options.user.id) || !canSeeConversation(reach, change)) return;
          send(presenceFrame({ conversationId: change.conversationId, people: change.people.filter((person) => person.id !== options.user.id) }));
        };
        const unsubscribePresence = (await presenceHub()).subscribe(sendPresence);
        const heartbeat = setInterval(() => send(`: heartbeat\n\n`), HEARTBEAT_MS);
        const limit = setTimeout(() => cleanup(), MAX_STREAM_MS);
        const accessCheck = setInterval(checkAccess, options.accessCheckMs);
        const shutdown = serverShutdownSignal();
        cleanup = () => {
          if (isClosed) return;
          isClosed = true;
          clearInterval(heartbeat);
          clearInterval(accessCheck);
          clearTimeout(limit);
          unsubscribe();
          unsubscribeAccess();
          unsubscribePresence();
          signal.removeEventListener("abort", cleanup);
          shutdown.removeEventListener("abort", cleanup);
          try {
            controller.close();
          } catch {
            // Already closed.
          }
        };
        signal.addEventListener("abort", cleanup, { once: true });
        shutdown.addEventListener("abort", cleanup, { once: true });
        // The tab may have gone, or the server begun to stop, while this stream subscribed.
        if (signal.aborted || shutdown.aborted) return cleanup();
        send(`retry: 2000\n: connected\n\n`);

        if (options.lastEventId !== null) {
          try {
            const missed = await listMissedUpdates(options.lastEventId);
            if (missed.isTooFarBehind) {
              // The tab reloads its page; its next reconnect starts from here.
              send(`id: ${missed.latestId}\nevent: reset\ndata: {}\n\n`);
            } else {
              for (const update of missed.updates) sendUpdate(update);
            }
          } catch {
            return cleanup();
          }
          for (const update of held ?? []) sendUpdate(update);
          held = null;
        }
      },
      cancel() {
        cleanup();
      },
    },
    // Counted in bytes, so MAX_BUFFERED_BYTES bounds what one slow tab can hold.
    { highWaterMark: 64 * 1024, size: (chunk) => chunk.byteLength },
  );
}
