// The archiver's guard on a file coming from Vonage: it counts the bytes as they pass and stops the
// copy past MEDIA_ARCHIVE_MAX_BYTES (a Content-Length can be missing or wrong), and past the idle
// timeout without a byte (a stalled upstream would otherwise hold a copy slot for ever).
import { Transform, type TransformCallback } from "node:stream";

/** The file turned out larger than the archive keeps; `bytes` is how many had arrived. */
export class ArchiveTooLargeError extends Error {
  constructor(readonly bytes: number) {
    super(`The file is larger than the archive keeps (more than ${bytes - 1} bytes).`);
    this.name = "ArchiveTooLargeError";
  }
}

export function limitArchiveBody(options: { maxBytes: number; idleTimeoutMs: number; idleTimeoutError: () => Error }): Transform & { bytes(): number } {
  let bytes = 0;
  let idleTimer: NodeJS.Timeout | undefined;
  const stream: Transform = new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      bytes += chunk.length;
      if (bytes > options.maxBytes) return callback(new ArchiveTooLargeError(bytes));
      armIdleTimer();
      callback(null, chunk);
    },
    flush(callback: TransformCallback) {
      clearTimeout(idleTimer);
      callback();
    },
    destroy(error, callback) {
      clearTimeout(idleTimer);
      callback(error);
    },
  });
  const armIdleTimer = () => {
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => stream.destroy(options.idleTimeoutError()), options.idleTimeoutMs);
  };
  armIdleTimer();
  return Object.assign(stream, { bytes: () => bytes });
}
