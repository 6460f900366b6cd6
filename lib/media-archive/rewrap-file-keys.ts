// Moving every archived file's key to the current master key (MEDIA_ENCRYPTION_KEY), after a new
// one is introduced: each wrapped key is unwrapped with its old master key (MEDIA_ENCRYPTION_OLD_KEYS)
// and wrapped again. Only database rows change; the files in storage are untouched. Idempotent:
// a row already under the current key is not touched, so a second run does nothing.
import "server-only";
import { getDb } from "../db";
import { refuseUnconfiguredMasterKeys, requireCurrentMasterKey, unwrapFileKey, wrapFileKey } from "./master-keys";

export type RewrapCounts = { rewrapped: number; byOldKeyId: Record<string, number> };

/** The master keys other than the current one that archived files' keys are wrapped by. */
export async function fileKeysOldKeyIds(currentKeyId: string): Promise<string[]> {
  return (await getDb().storedFile.groupBy({ by: ["keyId"], where: { keyId: { not: currentKeyId } } })).map((row) => row.keyId);
}

export async function rewrapFileKeys(options: { batchSize?: number; onBatch?: (done: number) => void } = {}): Promise<RewrapCounts> {
  const master = requireCurrentMasterKey();
  const db = getDb();
  // Refuse before changing anything when a key some file needs is missing.
  refuseUnconfiguredMasterKeys("Files are wrapped", await fileKeysOldKeyIds(master.id));

  const counts: RewrapCounts = { rewrapped: 0, byOldKeyId: {} };
  const batchSize = options.batchSize ?? 500;
  let afterId: string | undefined;
  for (;;) {
    const files = await db.storedFile.findMany({
      where: { keyId: { not: master.id }, ...(afterId ? { id: { gt: afterId } } : {}) },
      orderBy: { id: "asc" },
      take: batchSize,
      select: { id: true, storageKey: true, wrappedKey: true, keyId: true },
    });
    if (files.length === 0) return counts;
    afterId = files.at(-1)!.id;
    const rewrapped = files.map((file) => ({ file, wrapped: wrapFileKey(unwrapFileKey(file, file.storageKey), file.storageKey, master) }));
    // Each row only if it still holds what was read (a file erased or re-wrapped meanwhile is skipped).
    const results = await db.$transaction(
      rewrapped.map(({ file, wrapped }) => db.storedFile.updateMany({ where: { id: file.id, keyId: file.keyId, wrappedKey: file.wrappedKey }, data: wrapped })),
    );
    results.forEach((result, index) => {
      if (result.count === 0) return;
      const keyId = rewrapped[index]!.file.keyId;
      counts.rewrapped++;
      counts.byOldKeyId[keyId] = (counts.byOldKeyId[keyId] ?? 0) + 1;
    });
    options.onBatch?.(counts.rewrapped);
  }
}
