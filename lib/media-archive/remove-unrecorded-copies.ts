// Removes the copies of a media item's original that no StoredFile row names: what an attempt left
// when it crashed between writing and recording, or could not remove after losing its claim. Called
// once the item is in a final state (archived, gone, too_large): only a claim records an original,
// and no claim takes an item in a final state, so nothing removed here could still be recorded.
// A key a row names is kept whatever the caller; previews are not touched (one may be in the making).
import "server-only";
import { getDb } from "../db";
import type { MediaStorage } from "./storage";
import { mediaItemFolder } from "./storage-key";

/** The attempt a key was written by (media/<item>/<attempt>-<random>/<variant>); null for another layout. */
function attemptOf(key: string): number | null {
  const attempt = /\/(\d+)-[0-9a-f]+\/[a-z]+$/.exec(key)?.[1];
  return attempt === undefined ? null : Number(attempt);
}

/** How many objects were removed; only those of attempts up to `upToAttempt` (the caller's own claim). */
export async function removeUnrecordedCopies(storage: MediaStorage, mediaItemId: string, upToAttempt: number): Promise<number> {
  // Listed before the rows are read, so a key recorded between the two is among the rows.
  const listed = (await storage.list(mediaItemFolder(mediaItemId))).filter((key) => {
    const attempt = attemptOf(key);
    return key.endsWith("/original") && attempt !== null && attempt <= upToAttempt;
  });
  if (listed.length === 0) return 0;
  const files = await getDb().storedFile.findMany({ where: { mediaItemId }, select: { storageKey: true } });
  const recorded = new Set(files.map((file) => file.storageKey));
  const unrecorded = listed.filter((key) => !recorded.has(key));
  await Promise.all(unrecorded.map((key) => storage.remove(key)));
  return unrecorded.length;
}
