// Everything CareDesk does once when a server process starts, before it serves a request.
import { resolveAuthSecret } from "../auth/resolve-auth-secret";
import { getEnv } from "../env";
import { isMediaConfigured, loadMediaCredentials } from "../vonage/media-credentials";
import { isAppError } from "../errors";
import { getLogger } from "../logger";
import { scheduleRetention } from "../retention/schedule-retention";
import { checkMediaStorage } from "../media-archive/check-media-storage";
import { currentMasterKey } from "../media-archive/master-keys";
import { startMediaArchiver } from "../media-archive/start-media-archiver";
import { bootstrapFirstAdmin } from "../users/bootstrap-first-admin";
import { findMigrationProblem } from "./check-migrations-applied";
import { startReplySender } from "../replies/start-reply-sender";
import { startSnoozeWaker } from "../conversations/start-snooze-waker";
import { warnAboutConfiguration } from "./warn-about-configuration";

function stop(message: string): never {
  try {
    getLogger().fatal(message);
  } catch {
    // The logger reads the configuration, which may be what is wrong: stderr below says it then.
  }
  // Also on stderr, plainly, for a person starting it by hand.
  console.error(`\nCareDesk cannot start.\n${message}\n`);
  process.exit(1);
}

export async function startUp(): Promise<void> {
  try {
    const env = getEnv();
    resolveAuthSecret(env);
    // A key that is set but unreadable stops the start, naming the variable; none set is allowed
    // (the media proxy then answers 503 saying what to set).
    if (isMediaConfigured(env)) loadMediaCredentials(env);
    else getLogger().warn("customer media is not configured (VONAGE_APPLICATION_ID, VONAGE_PRIVATE_KEY_PATH): the media proxy answers 503");
  } catch (error) {
    stop(isAppError(error) ? error.message : String(error));
  }
  try {
    const problem = await findMigrationProblem();
    if (problem) stop(problem);
  } catch (error) {
    stop(`Could not read the database's migrations: ${error instanceof Error ? error.message : String(error)}`);
  }
  warnAboutConfiguration();
  try {
    await bootstrapFirstAdmin();
  } catch (error) {
    stop(`Could not create the first admin from ADMIN_EMAIL: ${isAppError(error) ? error.message : error instanceof Error ? error.message : String(error)}`);
  }
  scheduleRetention();
  // Without a key nothing is archived (warnAboutConfiguration says so): never plaintext instead.
  if (currentMasterKey()) {
    // Not awaited: a storage slow to answer must not hold up serving; copies retry until it works.
    void checkMediaStorage().then((problem) => {
      if (problem) getLogger().error(problem);
    });
    startMediaArchiver();
  }
  // Replies go through the environment's application or an inbox's own: the sender always runs.
  startReplySender();
  startSnoozeWaker();
}
