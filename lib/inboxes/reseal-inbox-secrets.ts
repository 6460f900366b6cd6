// Moving every inbox's sealed secrets (the signature secret and the private key) to the current
// master key, after a new one is introduced: each is opened with its old master key
// (MEDIA_ENCRYPTION_OLD_KEYS) and sealed again. `npm run media:rewrap` runs it beside the file
// keys' re-wrap, so that once it reports nothing left, the old key can go without an inbox losing
// its application (webhooks it signs would be refused). Idempotent: an inbox already under the
// current key is not touched.
import "server-only";
import { getDb } from "../db";
import { refuseUnconfiguredMasterKeys, requireCurrentMasterKey } from "../media-archive/master-keys";
import { openInboxSecret, sealInboxSecret } from "./inbox-secrets";

export type ResealCounts = { resealed: number; byOldKeyId: Record<string, number> };

/** The master keys other than the current one that inbox secrets are sealed with. */
export async function inboxSecretsOldKeyIds(currentKeyId: string): Promise<string[]> {
  const rows = await getDb().inbox.groupBy({ by: ["secretsKeyId"], where: { secretsKeyId: { not: null }, NOT: { secretsKeyId: currentKeyId } } });
  return rows.map((row) => row.secretsKeyId!);
}

export async function resealInboxSecrets(): Promise<ResealCounts> {
  const master = requireCurrentMasterKey();
  const db = getDb();
  // Refuse before changing anything when a key some inbox needs is missing.
  refuseUnconfiguredMasterKeys("Inbox secrets are sealed", await inboxSecretsOldKeyIds(master.id));

  const inboxes = await db.inbox.findMany({
    where: { secretsKeyId: { not: null }, NOT: { secretsKeyId: master.id } },
    orderBy: { id: "asc" },
    select: { id: true, sealedSignatureSecret: true, sealedPrivateKey: true, secretsKeyId: true },
  });
  const counts: ResealCounts = { resealed: 0, byOldKeyId: {} };
  for (const inbox of inboxes) {
    const keyId = inbox.secretsKeyId!;
    const reseal = (field: "signatureSecret" | "privateKey", sealed: string | null) =>
      sealed === null ? null : sealInboxSecret(inbox.id, field, openInboxSecret(inbox.id, field, sealed, keyId)).sealed;
    // Only if the row still holds what was read: an inbox an admin saved meanwhile is sealed anew already.
    const { count } = await db.inbox.updateMany({
      where: { id: inbox.id, secretsKeyId: keyId, sealedSignatureSecret: inbox.sealedSignatureSecret, sealedPrivateKey: inbox.sealedPrivateKey },
      data: {
        sealedSignatureSecret: reseal("signatureSecret", inbox.sealedSignatureSecret),
        sealedPrivateKey: reseal("privateKey", inbox.sealedPrivateKey),
        secretsKeyId: master.id,
      },
    });
    if (count === 0) continue;
    counts.resealed++;
    counts.byOldKeyId[keyId] = (counts.byOldKeyId[keyId] ?? 0) + 1;
  }
  return counts;
}
