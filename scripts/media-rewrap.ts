// npm run media:rewrap
// Re-wraps every archived file's key with the current MEDIA_ENCRYPTION_KEY (unwrapping with the
// old keys in MEDIA_ENCRYPTION_OLD_KEYS); files in storage are untouched. Safe to run again.
import { getDb } from "../lib/db";
import { getEnv } from "../lib/env";
import { rewrapFileKeys } from "../lib/media-archive/rewrap-file-keys";
import { runCommand } from "./run-command";

await runCommand(async () => {
  const keyId = getEnv().MEDIA_ENCRYPTION_KEY?.id;
  const counts = await rewrapFileKeys({ onBatch: (done) => console.log(`… ${done} file keys re-wrapped`) }).finally(() => getDb().$disconnect());
  const from = Object.entries(counts.byOldKeyId).map(([id, count]) => `${count} from "${id}"`);
  console.log(counts.rewrapped === 0 ? `Every file key is already wrapped by "${keyId}": nothing to do.` : `Re-wrapped ${counts.rewrapped} file keys to "${keyId}" (${from.join(", ")}).`);
});
