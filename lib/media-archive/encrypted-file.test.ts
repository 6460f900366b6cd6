import { randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import { buffer } from "node:stream/consumers";
import { describe, expect, it } from "vitest";
import { ArchiveIntegrityError, decryptingStream, encryptedSize, encryptingStream, newFileKey, storedRangeFor } from "./encrypted-file";

const SEGMENT = 1024;

/** Feeds `bytes` through in uneven chunks, as a network would. */
function chunked(bytes: Buffer): Readable {
  const chunks: Buffer[] = [];
  for (let offset = 0, size = 1; offset < bytes.length; offset += size, size = (size * 7) % 1500 || 1) chunks.push(bytes.subarray(offset, offset + size));
  return Readable.from(chunks);
}

async function encrypt(key: Buffer, plain: Buffer) {
  const stream = encryptingStream(key, SEGMENT);
  const stored = await buffer(chunked(plain).pipe(stream));
  return { stored, plainBytes: stream.plainBytes() };
}

async function decrypt(key: Buffer, stored: Buffer, plainBytes: number, range = { start: 0, end: plainBytes - 1 }) {
  const { storedStart, storedEnd } = storedRangeFor(range, plainBytes, SEGMENT);
  return buffer(chunked(stored.subarray(storedStart, storedEnd + 1)).pipe(decryptingStream(key, { range, plainBytes, segmentBytes: SEGMENT })));
}

describe("archived file encryption", () => {
  it.each([0, 1, SEGMENT - 1, SEGMENT, SEGMENT + 1, 3 * SEGMENT + 5])("round-trips %i bytes, at the size it promises", async (size) => {
    const key = newFileKey();
    const plain = randomBytes(size);
    const { stored, plainBytes } = await encrypt(key, plain);
    expect(plainBytes).toBe(size);
    expect(stored.length).toBe(encryptedSize(size, SEGMENT));
    expect(stored.includes(plain.subarray(0, Math.min(32, size))) && size >= 32).toBe(false);
    if (size > 0) expect((await decrypt(key, stored, size)).equals(plain)).toBe(true);
  });

  it.each([
    [0, 0],
    [10, 20],
    [SEGMENT - 3, SEGMENT + 3],
    [SEGMENT, 2 * SEGMENT - 1],
    [2 * SEGMENT + 1, 3 * SEGMENT + 4],
  ])("decrypts only bytes %i-%i, reading only the segments that hold them", async (start, end) => {
    const key = newFileKey();
    const plain = randomBytes(3 * SEGMENT + 5);
    const { stored } = await encrypt(key, plain);
    const span = storedRangeFor({ start, end }, plain.length, SEGMENT);
    expect(span.lastSegment - span.firstSegment).toBeLessThanOrEqual(Math.floor((end - start) / SEGMENT) + 1);
    expect((await decrypt(key, stored, plain.length, { start, end })).equals(plain.subarray(start, end + 1))).toBe(true);
  });

  const damaged: [string, (stored: Buffer) => Buffer][] = [
    ["a flipped byte", (stored) => Buffer.from(stored.map((byte, index) => (index === 2000 ? byte ^ 1 : byte)))],
    ["a cut-off end", (stored) => stored.subarray(0, stored.length - 10)],
    ["a dropped last segment", (stored) => stored.subarray(0, encryptedSize(2 * SEGMENT, SEGMENT) - 1 - 4)],
    ["two segments swapped", (stored) => {
      const sealed = SEGMENT + 16;
      const head = stored.subarray(0, 9);
      const [first, second, rest] = [stored.subarray(9, 9 + sealed), stored.subarray(9 + sealed, 9 + 2 * sealed), stored.subarray(9 + 2 * sealed)];
      return Buffer.concat([head, second, first, rest]);
    }],
  ];
  it.each(damaged)("refuses %s", async (_, damage) => {
    const key = newFileKey();
    const plain = randomBytes(3 * SEGMENT + 5);
    const { stored } = await encrypt(key, plain);
    await expect(decrypt(key, damage(stored), plain.length)).rejects.toBeInstanceOf(ArchiveIntegrityError);
  });

  it("refuses the right file under the wrong key", async () => {
    const plain = randomBytes(100);
    const { stored } = await encrypt(newFileKey(), plain);
    await expect(decrypt(newFileKey(), stored, plain.length)).rejects.toBeInstanceOf(ArchiveIntegrityError);
  });
});
