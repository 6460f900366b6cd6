// Everything CareDesk does once when a server process starts, before it serves a request.
import { resolveAuthSecret } from "../auth/resolve-auth-secret";
import { getEnv } from "../env";
import { isAppError } from "../errors";
import { getLogger } from "../logger";
import { bootstrapFirstAdmin } from "../users/bootstrap-first-admin";
import { prepareDatabase } from "./prepare-database";
import { warnAboutConfiguration } from "./warn-about-configuration";

function stop(message: string): never {
  getLogger().fatal(message);
  // Also on stderr, plainly, for a person starting it by hand.
  console.error(`\nCareDesk cannot start.\n${message}\n`);
  process.exit(1);
}

export async function startUp(): Promise<void> {
  try {
    const env = getEnv();
    resolveAuthSecret(env);
  } catch (error) {
    stop(isAppError(error) ? error.message : String(error));
  }
  await prepareDatabase(stop);
  warnAboutConfiguration();
  await bootstrapFirstAdmin();
}
