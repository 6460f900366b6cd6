// A Server-Sent Events stream of live updates for one dashboard tab. It closes itself after a few
// minutes: the browser's EventSource reconnects at once, and the reconnect checks the person's
// access again (so a disabled agent's tab stops receiving updates).
import "server-only";
import { subscribeLiveEvents } from "./subscribe-live-events";

const HEARTBEAT_MS = 20_000;
const MAX_STREAM_MS = 5 * 60_000;

export function liveEventStream(signal: AbortSignal): ReadableStream<Uint8Array> {
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
      cleanup = () => {
        clearInterval(heartbeat);
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
