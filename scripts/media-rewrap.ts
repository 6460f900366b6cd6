// npm run media:rewrap
// Moves everything an older master key sealed onto the current MEDIA_ENCRYPTION_KEY (opening it
// with the old keys in MEDIA_ENCRYPTION_OLD_KEYS): every archived file's key, and every inbox's
// signature secret and private key. Files in storage are untouched. Safe to run again.
import "./load-env";
import { getDb } from "../lib/db";
import { inboxSecretsOldKeyIds, resealInboxSecrets } from "../lib/inboxes/reseal-inbox-secrets";
import { refuseUnconfiguredMasterKeys, requireCurrentMasterKey } from "../lib/media-archive/master-keys";
import { fileKeysOldKeyIds, rewrapFileKeys } from "../lib/media-archive/rewrap-file-keys";
import { runCommand } from "./run-command";

const fromOldKeys = (byOldKeyId: Record<string, number>) =>
  Object.entries(byOldKeyId)
    .map(([id, count]) => `${count} from "${id}"`)
    .join(", ");

await runCommand(async () => {
  try {
    const master = requireCurrentMasterKey();
    // Both checked before either changes anything.
    refuseUnconfiguredMasterKeys("Inbox secrets are sealed", await inboxSecretsOldKeyIds(master.id));
    refuseUnconfiguredMasterKeys("Files are wrapped", await fileKeysOldKeyIds(master.id));
    const inboxes = await resealInboxSecrets();
    const files = await rewrapFileKeys({ onBatch: (done) => console.log(`… ${done} file keys re-wrapped`) });
    if (inboxes.resealed === 0 && files.rewrapped === 0) {
      console.log(`Every file key and inbox secret is already under "${master.id}": nothing to do.`);
      return;
    }
    if (inboxes.resealed > 0) console.log(`Re-sealed the secrets of ${inboxes.resealed} inbox${inboxes.resealed === 1 ? "" : "es"} with "${master.id}" (${fromOldKeys(inboxes.byOldKeyId)}).`);
    console.log(`Re-wrapped ${files.rewrapped} file keys to "${master.id}"${files.rewrapped > 0 ? ` (${fromOldKeys(files.byOldKeyId)})` : ""}.`);
  } finally {
    await getDb().$disconnect();
  }
});
