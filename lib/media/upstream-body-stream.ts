// The upstream media body as the web stream a route handler returns, handed on in chunks of about
// 1 MB instead of the 64 KB the socket reads: each chunk costs the same in web-stream and response
// plumbing whatever its size, and per 64 KB that plumbing cost a third of the proxy's throughput
// (`npm run bench -- media`). A slow upstream is not held back: what has arrived goes on after a
// few milliseconds. The next chunk is read while the last is written, and no further.
//
// Two clocks, as a reverse proxy keeps them (nginx's proxy_read_timeout and send_timeout): the
// upstream must send the next byte within the idle timeout while the browser waits for it, and the browser
// must take each chunk within BROWSER_STALL_MS. Time the upstream spends paused because the
// browser is slow counts against neither, so a slow download or a paused video is not cut off.
import { finished, type Readable } from "node:stream";
import { AppError } from "../errors";

/** Bytes gathered before they are handed on; the upstream is paused beyond this. */
export const CHUNK_TARGET_BYTES = 1024 * 1024;
/** A partial chunk waits at most this long for more bytes. */
export const FLUSH_DELAY_MS = 5;
/** A browser that takes no chunk for this long (under 9 KB/s) while the upstream connection is open is let go, freeing it. */
export const BROWSER_STALL_MS = 120_000;

export type BodyOutcome = "complete" | "upstream_failed" | "client_aborted" | "client_stalled";

export function upstreamBodyStream(
  upstream: Readable,
  options: {
    /** How long a waiting browser waits for the upstream's next byte. */
    idleTimeoutMs: number;
    /** The error the upstream is ended with when it stays quiet past the idle timeout. */
    idleTimeoutError: () => Error;
    /** Hears the bytes handed on, once, at the end. */
    onEnd: (bytes: number, outcome: BodyOutcome) => void;
  },
): ReadableStream<Uint8Array> {
  let parts: Buffer[] = [];
  let buffered = 0;
  let bytes = 0;
  let isEnded = false;
  let failure: Error | undefined;
  let isFinished = false;
  let wake: (() => void) | undefined;
  let flushTimer: NodeJS.Timeout | undefined;
  let idleTimer: NodeJS.Timeout | undefined;
  let stallTimer: NodeJS.Timeout | undefined;

  const finish = (outcome: BodyOutcome) => {
    clearTimeout(stallTimer);
    if (!isFinished) {
      isFinished = true;
      options.onEnd(bytes, outcome);
    }
  };
  const wakeUp = () => {
    clearTimeout(flushTimer);
    clearTimeout(idleTimer);
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
    else {
      isEnded = true;
      // The upstream connection is free: a slow browser may take the rest at its own pace.
      clearTimeout(stallTimer);
    }
    wakeUp();
  });

  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        clearTimeout(stallTimer);
        if (buffered < CHUNK_TARGET_BYTES && !isEnded && !failure) {
          await new Promise<void>((resolve) => {
            wake = resolve;
            if (buffered > 0) flushTimer = setTimeout(wakeUp, FLUSH_DELAY_MS);
            else {
              idleTimer = setTimeout(
                () => upstream.destroy(options.idleTimeoutError()),
                options.idleTimeoutMs,
              );
            }
          });
        }
        if (isFinished) return; // the browser left while this pull waited
        // What arrived before a failure still goes out: the browser sees the file cut short.
        if (buffered > 0) {
          const chunk = parts.length === 1 && parts[0] ? parts[0] : Buffer.concat(parts, buffered);
          parts = [];
          bytes += buffered;
          buffered = 0;
          if (!isEnded && !failure) {
            upstream.resume();
            stallTimer = setTimeout(() => {
              upstream.destroy();
              finish("client_stalled");
              controller.error(new AppError("bad_request", "The browser stopped reading this file."));
            }, BROWSER_STALL_MS);
          }
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
        clearTimeout(idleTimer);
        upstream.destroy();
        finish("client_aborted");
      },
    },
    { highWaterMark: 0 },
  );
}
