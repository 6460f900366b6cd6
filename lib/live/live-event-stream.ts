// A Server-Sent Events stream of live updates for one dashboard tab. Every `accessCheckMs` it asks
// whether its person may still see it, and closes when not (signed out, disabled, role changed,
// session ended); it also closes itself after a few minutes. The browser's EventSource reconnects,
// and the reconnect goes through the gate again.
import "server-only";
import { subscribeLiveEvents } from "./subscribe-live-events";

const HEARTBEAT_MS = 20_000;
const MAX_STREAM_MS = 5 * 60_000;

export type LiveAccessCheck = { accessCheckMs: number; isStillAllowed: () => Promise<boolean> };

export function liveEventStream(signal: AbortSignal, access: LiveAccessCheck): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let cleanup = () => {};
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          cleanup();
        }
      };
      const unsubscribe = await subscribeLiveEvents((event) => send(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`));
      const heartbeat = setInterval(() => send(`: heartbeat\n\n`), HEARTBEAT_MS);
      const limit = setTimeout(() => cleanup(), MAX_STREAM_MS);
      const accessCheck = setInterval(() => {
        // A failed check (database away) closes too: the reconnect is refused or let in by the gate.
        access.isStillAllowed().then(
          (isAllowed) => isAllowed || cleanup(),
          () => cleanup(),
        );
      }, access.accessCheckMs);
      cleanup = () => {
        clearInterval(heartbeat);
        clearInterval(accessCheck);
        clearTimeout(limit);
        unsubscribe();
        signal.removeEventListener("abort", cleanup);
        try {
          controller.close();
        } catch {
          // Already closed.
        }
      };
      signal.addEventListener("abort", cleanup, { once: true });
      send(`retry: 2000\n: connected\n\n`);
    },
    cancel() {
      cleanup();
    },
  });
}
