// Archives a media item the way the archive worker does, without the worker: encrypts the bytes
// under a new file key, stores them at media/<id>/<variant>, writes the StoredFile row and marks
// the item archived. Tests, and the demo on a tree without the worker, use it with the real
// lib/media-archive functions, so what they serve is exactly what the worker would store.
import { randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Db } from "@/lib/db";
import { encryptingStream, newFileKey, SEGMENT_BYTES } from "@/lib/media-archive/encrypted-file";
import { wrapFileKey, type MasterKey } from "@/lib/media-archive/master-keys";
import { storageFromUrl, type MediaStorage } from "@/lib/media-archive/storage";

/** A master key, as MEDIA_ENCRYPTION_KEY spells it and as wrapFileKey takes it. */
export type TestMasterKey = MasterKey & { envValue: string };

export function makeTestMasterKey(id = `test-${randomBytes(3).toString("hex")}`): TestMasterKey {
  const key = randomBytes(32);
  return { id, key, envValue: `${id}:${key.toString("base64")}` };
}

/** Storage as a server configured with `env` (MEDIA_STORAGE_URL and the S3 variables) sees it. */
export function testStorage(env: Record<string, string>): MediaStorage {
  return storageFromUrl(env.MEDIA_STORAGE_URL!, { s3Endpoint: env.MEDIA_S3_ENDPOINT, s3ForcePathStyle: env.MEDIA_S3_FORCE_PATH_STYLE === "true" });
}

export async function archiveForTest(
  db: Db,
  mediaItemId: string,
  content: Buffer | Readable,
  archive: { storage: MediaStorage; masterKey: MasterKey; contentType?: string; variant?: "original" | "preview" },
) {
  const variant = archive.variant ?? "original";
  const storageKey = `media/${mediaItemId}/${variant}`;
  const fileKey = newFileKey();
  const encrypting = encryptingStream(fileKey);
  const source = Buffer.isBuffer(content) ? Readable.from([content]) : content;
  await Promise.all([pipeline(source, encrypting), archive.storage.write(storageKey, encrypting)]);
  const item = await db.mediaItem.findUniqueOrThrow({ where: { id: mediaItemId }, select: { contentType: true } });
  const file = await db.storedFile.create({
    data: {
      mediaItemId,
      variant,
      storageKey,
      contentType: archive.contentType ?? item.contentType ?? "application/octet-stream",
      plainBytes: encrypting.plainBytes(),
      segmentBytes: SEGMENT_BYTES,
      ...wrapFileKey(fileKey, storageKey, archive.masterKey),
    },
  });
  if (variant === "original") await db.mediaItem.update({ where: { id: mediaItemId }, data: { archiveState: "archived", archivedAt: new Date(), archiveError: null } });
  return file;
}
