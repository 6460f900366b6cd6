// The format of an archived file: a short header, then the plaintext in fixed-size segments, each
// sealed with AES-256-GCM under the file's own random key. A Range request decrypts only the
// segments it covers. Each segment's nonce is its index (the key is never reused across files),
// and its authenticated data names the format, the index and whether it is the last one, so a
// segment moved, dropped, flipped or cut off is refused, never served.
//
//   header   "CDMA" | version (1 byte) | segment size (uint32 BE)
//   segment  ciphertext (segment size bytes; the last may be shorter) | GCM tag (16 bytes)
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { Transform, type TransformCallback } from "node:stream";

// Large enough that sealing costs little per byte (64 KiB segments halved copy throughput), small
// enough that a Range request decrypts little it does not send. Each file records its own size.
export const SEGMENT_BYTES = 512 * 1024;
const MAGIC = Buffer.from("CDMA");
const VERSION = 1;
const TAG_BYTES = 16;
const KEY_BYTES = 32;
export const HEADER_BYTES = MAGIC.length + 1 + 4;

/** Raised when an archived file does not decrypt: tampered, truncated, or not the file the database describes. */
export class ArchiveIntegrityError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ArchiveIntegrityError";
  }
}

export function newFileKey(): Buffer {
  return randomBytes(KEY_BYTES);
}

function header(segmentBytes: number): Buffer {
  const bytes = Buffer.alloc(HEADER_BYTES);
  MAGIC.copy(bytes, 0);
  bytes.writeUInt8(VERSION, MAGIC.length);
  bytes.writeUInt32BE(segmentBytes, MAGIC.length + 1);
  return bytes;
}

function nonce(index: number): Buffer {
  const bytes = Buffer.alloc(12);
  bytes.writeUInt32BE(Math.floor(index / 2 ** 32), 4);
  bytes.writeUInt32BE(index % 2 ** 32, 8);
  return bytes;
}

function additionalData(segmentBytes: number, index: number, isLast: boolean): Buffer {
  const bytes = Buffer.alloc(HEADER_BYTES + 9);
  header(segmentBytes).copy(bytes, 0);
  bytes.writeUInt32BE(Math.floor(index / 2 ** 32), HEADER_BYTES);
  bytes.writeUInt32BE(index % 2 ** 32, HEADER_BYTES + 4);
  bytes.writeUInt8(isLast ? 1 : 0, HEADER_BYTES + 8);
  return bytes;
}

/** The sealed segment as its parts (ciphertext, then tag): pushed one after the other, never joined. */
function sealSegment(key: Buffer, segmentBytes: number, index: number, plain: Buffer, isLast: boolean): Buffer[] {
  const cipher = createCipheriv("aes-256-gcm", key, nonce(index));
  cipher.setAAD(additionalData(segmentBytes, index, isLast));
  const ciphertext = cipher.update(plain);
  cipher.final();
  return [ciphertext, cipher.getAuthTag()];
}

function openSegment(key: Buffer, segmentBytes: number, index: number, sealed: Buffer, isLast: boolean): Buffer {
  if (sealed.length < TAG_BYTES) throw new ArchiveIntegrityError(`Segment ${index} is cut short: the archived file is truncated.`);
  const decipher = createDecipheriv("aes-256-gcm", key, nonce(index));
  decipher.setAAD(additionalData(segmentBytes, index, isLast));
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
  try {
    const plain = decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES));
    // final() checks the tag and, for GCM, adds no bytes: no join (a copy of the segment) for nothing.
    const rest = decipher.final();
    return rest.length === 0 ? plain : Buffer.concat([plain, rest]);
  } catch {
    throw new ArchiveIntegrityError(`Segment ${index} failed its integrity check: the archived file was changed or damaged.`);
  }
}

/** How many segments a file of `plainBytes` has (an empty file has one, empty, segment). */
export function segmentCount(plainBytes: number, segmentBytes: number = SEGMENT_BYTES): number {
  return Math.max(1, Math.ceil(plainBytes / segmentBytes));
}

/** The size of the stored object for a file of `plainBytes`. */
export function encryptedSize(plainBytes: number, segmentBytes: number = SEGMENT_BYTES): number {
  return HEADER_BYTES + plainBytes + segmentCount(plainBytes, segmentBytes) * TAG_BYTES;
}

/**
 * Encrypts a stream as it passes: one segment is held back until the next byte (or the end) says
 * whether it is the last. `plainBytes()` is the count once the stream has ended.
 */
export function encryptingStream(key: Buffer, segmentBytes: number = SEGMENT_BYTES): Transform & { plainBytes(): number } {
  // A segment's worth of input is copied into one buffer only when it arrived in several chunks.
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let index = 0;
  let total = 0;
  let hasSentHeader = false;
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      if (!hasSentHeader) {
        this.push(header(segmentBytes));
        hasSentHeader = true;
      }
      total += chunk.length;
      pending.push(chunk);
      pendingBytes += chunk.length;
      // Keep at least one byte back: only the end of the stream makes a segment the last.
      if (pendingBytes > segmentBytes) {
        let joined = pending.length === 1 ? pending[0]! : Buffer.concat(pending, pendingBytes);
        while (joined.length > segmentBytes) {
          for (const part of sealSegment(key, segmentBytes, index++, joined.subarray(0, segmentBytes), false)) this.push(part);
          joined = joined.subarray(segmentBytes);
        }
        pending = [joined];
        pendingBytes = joined.length;
      }
      callback();
    },
    flush(callback: TransformCallback) {
      if (!hasSentHeader) this.push(header(segmentBytes));
      for (const part of sealSegment(key, segmentBytes, index, Buffer.concat(pending, pendingBytes), true)) this.push(part);
      callback();
    },
  });
  return Object.assign(stream, { plainBytes: () => total });
}

/** Where the segments holding plaintext bytes [start, end] sit in the stored object. */
export function storedRangeFor(range: { start: number; end: number }, plainBytes: number, segmentBytes: number = SEGMENT_BYTES) {
  const firstSegment = Math.floor(range.start / segmentBytes);
  const lastSegment = Math.min(segmentCount(plainBytes, segmentBytes) - 1, Math.floor(range.end / segmentBytes));
  const sealedBytes = segmentBytes + TAG_BYTES;
  const storedStart = HEADER_BYTES + firstSegment * sealedBytes;
  const storedEnd = Math.min(encryptedSize(plainBytes, segmentBytes), HEADER_BYTES + (lastSegment + 1) * sealedBytes) - 1;
  return { firstSegment, lastSegment, storedStart, storedEnd };
}

/**
 * Decrypts the stored bytes of `storedRangeFor(range)` back to exactly plaintext [start, end]:
 * segment by segment, so memory stays at one segment whatever the range. A stream that ends
 * before the last segment it should hold fails with ArchiveIntegrityError (truncation).
 */
export function decryptingStream(key: Buffer, options: { range: { start: number; end: number }; plainBytes: number; segmentBytes?: number }): Transform {
  const segmentBytes = options.segmentBytes ?? SEGMENT_BYTES;
  const { firstSegment, lastSegment } = storedRangeFor(options.range, options.plainBytes, segmentBytes);
  const lastIndexOfFile = segmentCount(options.plainBytes, segmentBytes) - 1;
  const sealedBytes = segmentBytes + TAG_BYTES;
  let index = firstSegment;
  // Chunks as they came, joined only when a whole segment is there (not once per chunk).
  const chunks: Buffer[] = [];
  let pendingBytes = 0;
  const take = (bytes: number): Buffer => {
    const joined = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, pendingBytes);
    const taken = joined.subarray(0, bytes);
    chunks.length = 0;
    if (joined.length > bytes) chunks.push(joined.subarray(bytes));
    pendingBytes -= bytes;
    return taken;
  };
  const emit = (stream: Transform, sealed: Buffer) => {
    const plain = openSegment(key, segmentBytes, index, sealed, index === lastIndexOfFile);
    const offset = index * segmentBytes;
    const from = Math.max(0, options.range.start - offset);
    const to = Math.min(plain.length, options.range.end - offset + 1);
    if (to > from) stream.push(plain.subarray(from, to));
    index++;
  };
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      chunks.push(chunk);
      pendingBytes += chunk.length;
      try {
        while (index <= lastSegment && pendingBytes >= sealedBytes && index !== lastIndexOfFile) emit(this, take(sealedBytes));
        callback();
      } catch (error) {
        callback(error as Error);
      }
    },
    flush(callback: TransformCallback) {
      try {
        while (index <= lastSegment) {
          // The file's last segment is whatever remains; any other must be whole.
          const isFileEnd = index === lastIndexOfFile;
          if (!isFileEnd && pendingBytes < sealedBytes) throw new ArchiveIntegrityError(`Segment ${index} is missing: the archived file is truncated.`);
          const size = isFileEnd ? pendingBytes : sealedBytes;
          const expected = options.plainBytes - index * segmentBytes + TAG_BYTES;
          if (isFileEnd && size !== expected) {
            throw new ArchiveIntegrityError(`The last segment has ${size} bytes where ${expected} were expected: the archived file is truncated or extended.`);
          }
          emit(this, take(size));
        }
        callback();
      } catch (error) {
        callback(error as Error);
      }
    },
  });
}
