// Archives a media item the way the archive worker does, without the worker: encrypts the bytes
// under a new file key, stores them under a key of their own (newStorageKey, as the worker does),
// writes the StoredFile row and (for the original) marks the item archived. Tests use it with the
// real lib/media-archive functions, so what they serve, keep or erase is exactly what the worker
// would have stored.
import { randomBytes, randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Db } from "@/lib/db";
import { encryptingStream, newFileKey, SEGMENT_BYTES } from "@/lib/media-archive/encrypted-file";
import { currentMasterKey, wrapFileKey, type MasterKey } from "@/lib/media-archive/master-keys";
import { getMediaStorage, storageFromUrl, type MediaStorage } from "@/lib/media-archive/storage";
import { newStorageKey, type FileVariant } from "@/lib/media-archive/storage-key";
import { uniqueCustomerNumber } from "./factories";

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

export type ArchiveForTestOptions = {
  /** This process's configured storage and key (MEDIA_STORAGE_URL, MEDIA_ENCRYPTION_KEY) unless given. */
  storage?: MediaStorage;
  masterKey?: MasterKey;
  contentType?: string;
  variant?: FileVariant;
  archivedAt?: Date;
};

export async function archiveForTest(db: Db, mediaItemId: string, content: Buffer | Readable, options: ArchiveForTestOptions = {}) {
  const storage = options.storage ?? getMediaStorage();
  const masterKey = options.masterKey ?? currentMasterKey();
  if (!masterKey) throw new Error("archiveForTest needs MEDIA_ENCRYPTION_KEY or options.masterKey");
  const variant = options.variant ?? "original";
  const item = await db.mediaItem.findUniqueOrThrow({ where: { id: mediaItemId }, select: { contentType: true, archiveAttempts: true } });
  // As a later attempt than any the server's archiver made: its clean-up of earlier attempts leaves it alone.
  const storageKey = newStorageKey(mediaItemId, item.archiveAttempts + 1, variant);
  const fileKey = newFileKey();
  const encrypting = encryptingStream(fileKey);
  const source = Buffer.isBuffer(content) ? Readable.from([content]) : content;
  await Promise.all([pipeline(source, encrypting), storage.write(storageKey, encrypting)]);
  const file = await db.storedFile.create({
    data: {
      mediaItemId,
      variant,
      storageKey,
      contentType: options.contentType ?? (variant === "preview" ? "image/webp" : (item.contentType ?? "application/octet-stream")),
      plainBytes: encrypting.plainBytes(),
      segmentBytes: SEGMENT_BYTES,
      ...wrapFileKey(fileKey, storageKey, masterKey),
    },
  });
  if (variant === "original") {
    await db.mediaItem.update({ where: { id: mediaItemId }, data: { archiveState: "archived", archivedAt: options.archivedAt ?? new Date(), archiveError: null } });
  }
  return file;
}

/** A customer who wrote in with `text` and one image per entry of `images` (not archived yet). */
export async function createCustomerWithMedia(db: Db, options: { text?: string; images?: number; channel?: string } = {}) {
  const channel = options.channel ?? "whatsapp";
  const address = uniqueCustomerNumber();
  const contact = await db.contact.create({ data: { channel, address, profileName: `Customer ${address.slice(-4)}` } });
  const conversation = await db.conversation.create({
    data: { contactId: contact.id, channel, businessNumber: "447700900200", lastMessageAt: new Date(), lastMessagePreview: options.text ?? "" },
  });
  const message = await db.message.create({
    data: {
      messageUuid: randomUUID(),
      conversationId: conversation.id,
      direction: "inbound",
      channel,
      messageType: options.images ? "image" : "text",
      fromAddress: address,
      toAddress: "447700900200",
      text: options.text ?? null,
      rawPayload: JSON.stringify({ from: address, text: options.text }),
      sentAt: new Date(),
    },
  });
  const media = [];
  for (let position = 0; position < (options.images ?? 0); position++) {
    media.push(await db.mediaItem.create({ data: { messageId: message.id, position, kind: "image", vonageUrl: `https://api.nexmo.com/v3/media/${randomUUID()}` } }));
  }
  return { contact, conversation, message, media };
}
