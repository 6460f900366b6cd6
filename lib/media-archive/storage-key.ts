// Where a media item's files go in storage: media/<item id>/<attempt>-<random>/<variant>. Every
// write has a key of its own, so no write can replace another's object (an instance that stalled
// past its lease once overwrote the finished copy). The attempt number is the claim that wrote it,
// for whoever reads a listing; the random part keeps keys apart where attempt numbers repeat (a
// database restored from a backup onto storage that was not). Readers take the key from the
// StoredFile row, never from here.
import "server-only";
import { randomBytes } from "node:crypto";

export type FileVariant = "original" | "preview";

/** The folder every key of the item is under, with its trailing slash. */
export function mediaItemFolder(mediaItemId: string): string {
  return `media/${mediaItemId}/`;
}

export function newStorageKey(mediaItemId: string, attempt: number, variant: FileVariant): string {
  return `${mediaItemFolder(mediaItemId)}${attempt}-${randomBytes(6).toString("hex")}/${variant}`;
}
