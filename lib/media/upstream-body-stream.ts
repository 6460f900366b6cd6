// The upstream media body as the web stream a route handler returns, handed on in chunks of up to
// 1 MB instead of the 64 KB the socket reads: each chunk costs the same in web-stream and
// response plumbing whatever its size, and per 64 KB that plumbing cost a third of the proxy's
// throughput (`npm run bench -- media`). A slow upstream is not held back: what has arrived goes
// on after a few milliseconds. The next chunk is read while the last is written, and no further:
// at most two chunks are in memory per request.
import { finished, type Readable } from "node:stream";

/** Bytes gathered before they are handed on; the upstream is paused beyond this. */
export const CHUNK_TARGET_BYTES = 1024 * 1024;
/** A partial chunk waits at most this long for more bytes. */
export const FLUSH_DELAY_MS = 5;

export type BodyOutcome = "complete" | "upstream_failed" | "client_aborted";

/** Reads `upstream` one chunk ahead of the consumer; `onEnd` hears the byte count once, at the end. */
export function upstreamBodyStream(upstream: Readable, onEnd: (bytes: number, outcome: BodyOutcome) => void): ReadableStream<Uint8Array> {
  let parts: Buffer[] = [];
  let buffered = 0;
  let bytes = 0;
  let isEnded = false;
  let failure: Error | undefined;
  let isFinished = false;
  let wake: (() => void) | undefined;
  let flushTimer: NodeJS.Timeout | undefined;

  const finish = (outcome: BodyOutcome) => {
    if (!isFinished) {
      isFinished = true;
      onEnd(bytes, outcome);
    }
  };
  const wakeUp = () => {
    clearTimeout(flushTimer);
    flushTimer = undefined;
    const resolve = wake;
    wake = undefined;
    resolve?.();
  };

  upstream.on("data", (chunk: Buffer) => {
    parts.push(chunk);
    buffered += chunk.byteLength;
    if (buffered >= CHUNK_TARGET_BYTES) {
      upstream.pause();
      wakeUp();
    } else if (wake && !flushTimer) {
      flushTimer = setTimeout(wakeUp, FLUSH_DELAY_MS);
    }
  });
  // Covers the end, an error and a connection closed before the end (premature close).
  finished(upstream, (error) => {
    if (error) failure = error;
    else isEnded = true;
    wakeUp();
  });

  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (buffered < CHUNK_TARGET_BYTES && !isEnded && !failure) {
          await new Promise<void>((resolve) => {
            wake = resolve;
            if (buffered > 0) flushTimer = setTimeout(wakeUp, FLUSH_DELAY_MS);
          });
        }
        // What arrived before a failure still goes out: the browser sees the file cut short.
        if (buffered > 0) {
          const chunk = parts.length === 1 && parts[0] ? parts[0] : Buffer.concat(parts, buffered);
          parts = [];
          bytes += buffered;
          buffered = 0;
          if (!isEnded && !failure) upstream.resume();
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        } else if (failure) {
          finish("upstream_failed");
          controller.error(failure);
        }
        if (isEnded) {
          controller.close();
          finish("complete");
        }
      },
      cancel() {
        // The browser went away: free the upstream connection at once.
        clearTimeout(flushTimer);
        upstream.destroy();
        finish("client_aborted");
      },
    },
    { highWaterMark: 0 },
  );
}
