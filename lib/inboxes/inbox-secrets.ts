// An inbox's signature secret and private key at rest: sealed (AES-256-GCM) with the media master
// key, bound to the inbox and the field (a sealed value copied to another row or column does not
// open). Older master keys listed in MEDIA_ENCRYPTION_OLD_KEYS still open what they sealed.
import "server-only";
import { AppError } from "../errors";
import { currentMasterKey, unwrapFileKey, wrapFileKey } from "../media-archive/master-keys";

type Field = "signatureSecret" | "privateKey";

const boundTo = (inboxId: string, field: Field) => `inbox:${inboxId}:${field}`;

export function sealInboxSecret(inboxId: string, field: Field, value: string): { sealed: string; keyId: string } {
  const master = currentMasterKey();
  if (!master) throw new AppError("not_configured", "Set MEDIA_ENCRYPTION_KEY first: an inbox's secrets are stored encrypted with it.");
  const { wrappedKey, keyId } = wrapFileKey(Buffer.from(value, "utf8"), boundTo(inboxId, field), master);
  return { sealed: wrappedKey, keyId };
}

export function openInboxSecret(inboxId: string, field: Field, sealed: string, keyId: string): string {
  return unwrapFileKey({ wrappedKey: sealed, keyId }, boundTo(inboxId, field)).toString("utf8");
}
