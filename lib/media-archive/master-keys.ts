// Wrapping each archived file's own key with a master key (MEDIA_ENCRYPTION_KEY), as envelope
// encryption does: the wrapped key and the master key's id live in the database, never beside the
// file. A new master key wraps what is archived from then on; older ones, listed in
// MEDIA_ENCRYPTION_OLD_KEYS, still unwrap, and `npm run media:rewrap` moves every file key to the
// current one (only database rows change).
import "server-only";
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { getEnv } from "../env";
import { AppError } from "../errors";
import { ArchiveIntegrityError } from "./encrypted-file";

export type MasterKey = { id: string; key: Buffer };
export type WrappedKey = { wrappedKey: string; keyId: string };

/** The key that wraps new files, or null when archiving is off (no MEDIA_ENCRYPTION_KEY). */
export function currentMasterKey(): MasterKey | null {
  return getEnv().MEDIA_ENCRYPTION_KEY ?? null;
}

/** The current master key, for a command that moves what older keys sealed onto it. */
export function requireCurrentMasterKey(): MasterKey {
  const master = currentMasterKey();
  if (!master) throw new AppError("config_invalid", "MEDIA_ENCRYPTION_KEY is not set: set the new key there (and the old ones in MEDIA_ENCRYPTION_OLD_KEYS), then run this again.");
  return master;
}

/** Refuses, naming them, when some of `keyIds` (what `sealed` needs to open) are not configured. */
export function refuseUnconfiguredMasterKeys(sealed: string, keyIds: readonly string[]): void {
  const env = getEnv();
  const configured = new Set([env.MEDIA_ENCRYPTION_KEY, ...env.MEDIA_ENCRYPTION_OLD_KEYS].map((key) => key?.id));
  const missing = keyIds.filter((keyId) => !configured.has(keyId));
  if (missing.length === 0) return;
  throw new AppError(
    "config_invalid",
    `${sealed} by master key ${missing.map((id) => `"${id}"`).join(", ")}, not in MEDIA_ENCRYPTION_OLD_KEYS: add it (as "<id>:<base64>") and run this again. Nothing was changed.`,
  );
}

function masterKeyById(keyId: string): MasterKey {
  const env = getEnv();
  const key = [env.MEDIA_ENCRYPTION_KEY, ...env.MEDIA_ENCRYPTION_OLD_KEYS].find((candidate) => candidate?.id === keyId);
  if (!key) {
    throw new ArchiveIntegrityError(`This file's key is wrapped by master key "${keyId}", which is not configured: add it to MEDIA_ENCRYPTION_OLD_KEYS.`);
  }
  return key;
}

/** Seals `fileKey` under `master`; bound to the file's storage key, so it unwraps for that file only. */
export function wrapFileKey(fileKey: Buffer, storageKey: string, master: MasterKey): WrappedKey {
  const nonce = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", master.key, nonce);
  cipher.setAAD(Buffer.from(storageKey));
  const sealed = Buffer.concat([nonce, cipher.update(fileKey), cipher.final(), cipher.getAuthTag()]);
  return { wrappedKey: sealed.toString("base64"), keyId: master.id };
}

export function unwrapFileKey(wrapped: WrappedKey, storageKey: string): Buffer {
  const master = masterKeyById(wrapped.keyId);
  const sealed = Buffer.from(wrapped.wrappedKey, "base64");
  const decipher = createDecipheriv("aes-256-gcm", master.key, sealed.subarray(0, 12));
  decipher.setAAD(Buffer.from(storageKey));
  decipher.setAuthTag(sealed.subarray(sealed.length - 16));
  try {
    return Buffer.concat([decipher.update(sealed.subarray(12, sealed.length - 16)), decipher.final()]);
  } catch {
    throw new ArchiveIntegrityError(`This file's key does not unwrap under master key "${wrapped.keyId}": the key or its row was changed.`);
  }
}
