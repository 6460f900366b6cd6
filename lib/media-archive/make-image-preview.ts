// The small picture a thread bubble, the gallery and lists show instead of the full photo: at
// most 480 px on its longer side, as WebP, encrypted under its own file key and stored under a key
// of its own beside the original (storage-key.ts). The viewer and downloads keep using the original.
// A preview that is not recorded (another was, or the item went meanwhile) removes its object.
import "server-only";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { buffer } from "node:stream/consumers";
import sharp from "sharp";
import { getDb } from "../db";
import { isUniqueViolation } from "../db/is-unique-violation";
import { getLogger } from "../logger";
import { encryptingStream, newFileKey, SEGMENT_BYTES } from "./encrypted-file";
import { currentMasterKey, wrapFileKey } from "./master-keys";
import { readArchivedFile } from "./read-archived-file";
import { getMediaStorage, type MediaStorage } from "./storage";
import { newStorageKey } from "./storage-key";

export const PREVIEW_MAX_PIXELS_PER_SIDE = 480;
/** sharp holds the whole original to decode it: bigger files keep no preview (the original is shown). */
export const PREVIEW_SOURCE_MAX_BYTES = 40 * 1024 * 1024;
/** A decompression bomb stops here: 100 megapixels is beyond any phone camera's photo. */
const PREVIEW_SOURCE_MAX_PIXELS = 100_000_000;
/** Decoded only from these (sniffed, not as declared): never SVG, PDF or anything else sharp could render. */
const PREVIEW_SOURCE_FORMATS = new Set(["jpeg", "png", "webp", "gif", "avif", "heif", "tiff"]);
const IMAGE_KINDS = new Set(["image", "sticker"]);

export type PreviewOutcome = "made" | "exists" | "not_an_image" | "not_archived" | "too_large" | "unsupported_format" | "archiving_off";

/** Removes a preview no row names; a failure is only logged (the error that matters is the caller's). */
async function removeQuietly(storage: MediaStorage, storageKey: string, mediaItemId: string): Promise<void> {
  await storage.remove(storageKey).catch((error: unknown) =>
    getLogger().warn({ mediaItemId, err: error instanceof Error ? error.message : String(error) }, "media preview: an unrecorded preview was not removed"),
  );
}

export async function makeImagePreview(mediaItemId: string): Promise<PreviewOutcome> {
  const db = getDb();
  const media = await db.mediaItem.findUnique({
    where: { id: mediaItemId },
    select: { kind: true, archiveState: true, archiveAttempts: true, files: true },
  });
  if (!media || !IMAGE_KINDS.has(media.kind)) return "not_an_image";
  const original = media.files.find((file) => file.variant === "original");
  if (media.archiveState !== "archived" || !original) return "not_archived";
  if (media.files.some((file) => file.variant === "preview")) return "exists";
  if (original.plainBytes > PREVIEW_SOURCE_MAX_BYTES) return "too_large";
  const master = currentMasterKey();
  if (!master) return "archiving_off";

  const source = await buffer(await readArchivedFile(original));
  const image = sharp(source, { limitInputPixels: PREVIEW_SOURCE_MAX_PIXELS, failOn: "error" });
  const { format } = await image.metadata();
  if (!format || !PREVIEW_SOURCE_FORMATS.has(format)) return "unsupported_format";
  const preview = await image
    .rotate() // upright, as the EXIF orientation says (WebP keeps no EXIF)
    .resize({ width: PREVIEW_MAX_PIXELS_PER_SIDE, height: PREVIEW_MAX_PIXELS_PER_SIDE, fit: "inside", withoutEnlargement: true })
    .webp({ quality: 75 })
    .toBuffer();

  const storage = getMediaStorage();
  // Numbered as the attempt that archived the original, which it is made from.
  const storageKey = newStorageKey(mediaItemId, media.archiveAttempts, "preview");
  const fileKey = newFileKey();
  const encrypting = encryptingStream(fileKey);
  await Promise.all([pipeline(Readable.from([preview]), encrypting), storage.write(storageKey, encrypting)]);
  const file = {
    mediaItemId,
    variant: "preview",
    storageKey,
    contentType: "image/webp",
    plainBytes: encrypting.plainBytes(),
    segmentBytes: SEGMENT_BYTES,
    ...wrapFileKey(fileKey, storageKey, master),
  };
  let isRecorded: boolean;
  try {
    isRecorded = await db.$transaction(async (tx) => {
      // Only beside the original it was made from: retention or an erasure may have removed it meanwhile.
      if (!(await tx.storedFile.findUnique({ where: { id: original.id }, select: { id: true } }))) return false;
      await tx.storedFile.create({ data: file });
      return true;
    });
  } catch (error) {
    await removeQuietly(storage, storageKey, mediaItemId);
    // Another instance made it at the same moment: theirs stands.
    if (isUniqueViolation(error)) return "exists";
    throw error;
  }
  if (!isRecorded) {
    await removeQuietly(storage, storageKey, mediaItemId);
    return "not_archived";
  }
  return "made";
}
