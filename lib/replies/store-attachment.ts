// A reply's attachment, stored like archived media before the reply is written: encrypted under a
// file key of its own, wrapped by MEDIA_ENCRYPTION_KEY. The caller records it (MediaItem with a
// StoredFile) in the reply's transaction, or removes it if that fails.
import "server-only";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { encryptingStream, newFileKey, SEGMENT_BYTES } from "../media-archive/encrypted-file";
import { currentMasterKey, wrapFileKey } from "../media-archive/master-keys";
import { getMediaStorage } from "../media-archive/storage";
import { newStorageKey } from "../media-archive/storage-key";

export type StoredAttachment = { storageKey: string; plainBytes: number; segmentBytes: number; wrappedKey: string; keyId: string };

export async function storeAttachment(mediaItemId: string, file: Blob): Promise<StoredAttachment> {
  const master = currentMasterKey();
  if (!master) throw new Error("attachments need MEDIA_ENCRYPTION_KEY");
  const storageKey = newStorageKey(mediaItemId, 1, "original");
  const fileKey = newFileKey();
  const encrypting = encryptingStream(fileKey);
  const storage = getMediaStorage();
  await Promise.all([pipeline(Readable.fromWeb(file.stream() as import("node:stream/web").ReadableStream), encrypting), storage.write(storageKey, encrypting)]);
  return { storageKey, plainBytes: encrypting.plainBytes(), segmentBytes: SEGMENT_BYTES, ...wrapFileKey(fileKey, storageKey, master) };
}
