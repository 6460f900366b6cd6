// The media route's one look-up on real databases: the item with each of its stored files, read
// straight from the driver adapter into what the Prisma client would have answered.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createOutboundMessage } from "@/test/support/factories";
import { testedProviders } from "@/test/support/providers";
import { useAppDatabase } from "@/test/support/use-app-database";
import { getDb } from "../db";
import { findMediaToServe } from "./find-media-to-serve";

const FILE_SELECT = { id: true, variant: true, storageKey: true, contentType: true, plainBytes: true, segmentBytes: true, wrappedKey: true, keyId: true, createdAt: true } as const;

describe.each(testedProviders)("findMediaToServe on %s", (provider) => {
  useAppDatabase(provider, { prefix: "caredesk_find_media" });

  async function createMediaItem(data: { archiveState: string; contentType?: string; sizeBytes?: number; fileName?: string }) {
    const message = await createOutboundMessage(getDb());
    const item = await getDb().mediaItem.create({ data: { messageId: message.id, position: 0, kind: "image", vonageUrl: `https://api.nexmo.com/v3/media/${randomUUID()}`, ...data } });
    const { inboxId, assigneeId } = await getDb().conversation.findUniqueOrThrow({ where: { id: message.conversationId } });
    return { ...item, conversation: { inboxId, assigneeId } };
  }

  async function storeFile(mediaItemId: string, variant: "original" | "preview", plainBytes: number) {
    return getDb().storedFile.create({
      data: { mediaItemId, variant, storageKey: `media/${mediaItemId}/0-${randomUUID()}/${variant}`, contentType: variant === "preview" ? "image/webp" : "image/jpeg", plainBytes, segmentBytes: 524_288, wrappedKey: "wrapped", keyId: "key-1" },
      select: FILE_SELECT,
    });
  }

  it("answers the item with each stored file, as the Prisma client reads them", async () => {
    const item = await createMediaItem({ archiveState: "archived", contentType: "image/jpeg", sizeBytes: 2_000_000_000, fileName: "receipt.jpg" });
    const original = await storeFile(item.id, "original", 2_000_000_000);
    const preview = await storeFile(item.id, "preview", 31_337);
    const found = await findMediaToServe(item.id);
    expect({ ...found, files: [] }).toEqual({ id: item.id, vonageUrl: item.vonageUrl, fileName: "receipt.jpg", contentType: "image/jpeg", sizeBytes: 2_000_000_000, archiveState: "archived", files: [], conversation: item.conversation });
    expect(found!.files.sort((a, b) => a.variant.localeCompare(b.variant))).toEqual([original, preview]);
    expect(found!.files[0]!.createdAt).toBeInstanceOf(Date);
  });

  it("answers an item with nothing stored yet with no files and its unknowns as null", async () => {
    const item = await createMediaItem({ archiveState: "pending" });
    expect(await findMediaToServe(item.id)).toEqual({ id: item.id, vonageUrl: item.vonageUrl, fileName: null, contentType: null, sizeBytes: null, archiveState: "pending", files: [], conversation: item.conversation });
  });

  it("answers null for an id no item has", async () => {
    expect(await findMediaToServe("clnotarealmediaid00000000")).toBeNull();
  });
});
