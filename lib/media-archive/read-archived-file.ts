// An archived file's plaintext, decrypted as it is read: only the stored segments the range
// covers are fetched, and memory stays at about one segment whatever the file's size.
import "server-only";
import { pipeline, type Readable } from "node:stream";
import { decryptingStream, storedRangeFor, ArchiveIntegrityError } from "./encrypted-file";
import { unwrapFileKey } from "./master-keys";
import { getMediaStorage } from "./storage";

/** The StoredFile fields reading needs. */
export type ArchivedFile = { storageKey: string; plainBytes: number; segmentBytes: number; wrappedKey: string; keyId: string };

function isMissingObject(error: unknown): boolean {
  const { code, name } = (error ?? {}) as { code?: unknown; name?: unknown };
  return code === "ENOENT" || name === "NoSuchKey" || name === "NotFound";
}

/**
 * Plaintext bytes [start, end] (inclusive; all of them without a range). Throws
 * ArchiveIntegrityError at once when the file key does not unwrap or the object is missing; the
 * stream fails with one when a segment does not authenticate. An empty file still has its one
 * sealed segment checked.
 */
export async function readArchivedFile(file: ArchivedFile, range?: { start: number; end: number }): Promise<Readable> {
  const key = unwrapFileKey({ wrappedKey: file.wrappedKey, keyId: file.keyId }, file.storageKey);
  const plainRange = range ?? { start: 0, end: Math.max(0, file.plainBytes - 1) };
  const { storedStart, storedEnd } = storedRangeFor(plainRange, file.plainBytes, file.segmentBytes);
  let stored: Readable;
  try {
    stored = await getMediaStorage().read(file.storageKey, { start: storedStart, end: storedEnd });
  } catch (error) {
    if (isMissingObject(error)) throw new ArchiveIntegrityError("The archived file is missing from storage.");
    throw error;
  }
  // pipeline: an error on either side, or the reader giving up, destroys both (and frees the file or connection).
  return pipeline(stored, decryptingStream(key, { range: plainRange, plainBytes: file.plainBytes, segmentBytes: file.segmentBytes }), () => {});
}
