// An inbox with its own Vonage application, its secrets sealed under the master key configured
// now (MEDIA_ENCRYPTION_KEY), as saving it on the inboxes page leaves it.
import { generateKeyPairSync, randomBytes, randomUUID } from "node:crypto";
import type { Db } from "@/lib/db";
import { sealInboxSecret } from "@/lib/inboxes/inbox-secrets";

export type InboxSecrets = { signatureSecret: string | null; privateKeyPem: string | null };

/** A private key as an admin pastes it (kept in memory: no file to remove). */
export function newPrivateKeyPem(): string {
  return generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();
}

export async function createInboxWithSecrets(db: Db, secrets: Partial<InboxSecrets> = {}): Promise<{ id: string; secrets: InboxSecrets }> {
  const given: InboxSecrets = { signatureSecret: secrets.signatureSecret ?? null, privateKeyPem: secrets.privateKeyPem ?? null };
  const inbox = await db.inbox.create({ data: { name: `Inbox ${randomBytes(4).toString("hex")}`, applicationId: randomUUID(), apiKey: randomBytes(4).toString("hex") } });
  const secret = given.signatureSecret === null ? null : sealInboxSecret(inbox.id, "signatureSecret", given.signatureSecret);
  const key = given.privateKeyPem === null ? null : sealInboxSecret(inbox.id, "privateKey", given.privateKeyPem);
  await db.inbox.update({
    where: { id: inbox.id },
    data: { sealedSignatureSecret: secret?.sealed ?? null, sealedPrivateKey: key?.sealed ?? null, secretsKeyId: (secret ?? key)?.keyId ?? null },
  });
  return { id: inbox.id, secrets: given };
}
