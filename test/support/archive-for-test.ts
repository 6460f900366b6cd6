// Archived files made the way the archiver makes them (own file key, segmented encryption, key
// wrapped by the master key, StoredFile row, item marked archived), for tests of what happens to
// archived media afterwards. Nothing under lib/ imports this.
import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import type { Db } from "@/lib/db";
import { encryptingStream, newFileKey, SEGMENT_BYTES } from "@/lib/media-archive/encrypted-file";
import { currentMasterKey, wrapFileKey, type MasterKey } from "@/lib/media-archive/master-keys";
import { getMediaStorage, type MediaStorage } from "@/lib/media-archive/storage";
import { uniqueCustomerNumber } from "./factories";

export type ArchiveForTestOptions = { storage?: MediaStorage; master?: MasterKey; archivedAt?: Date };

/** Encrypts `bytes` into storage as `variant` of the media item, and marks the item archived. */
export async function archiveForTest(db: Db, mediaItemId: string, bytes: Buffer, variant: "original" | "preview" = "original", options: ArchiveForTestOptions = {}) {
  const storage = options.storage ?? getMediaStorage();
  const master = options.master ?? currentMasterKey();
  if (!master) throw new Error("archiveForTest needs MEDIA_ENCRYPTION_KEY (or options.master)");
  const storageKey = `media/${mediaItemId}/${variant}`;
  const fileKey = newFileKey();
  const encrypting = encryptingStream(fileKey);
  await storage.write(storageKey, Readable.from([bytes]).pipe(encrypting));
  const file = await db.storedFile.create({
    data: {
      mediaItemId,
      variant,
      storageKey,
      contentType: variant === "preview" ? "image/webp" : "image/jpeg",
      plainBytes: encrypting.plainBytes(),
      segmentBytes: SEGMENT_BYTES,
      ...wrapFileKey(fileKey, storageKey, master),
    },
  });
  await db.mediaItem.update({ where: { id: mediaItemId }, data: { archiveState: "archived", archivedAt: options.archivedAt ?? new Date(), archiveError: null } });
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
