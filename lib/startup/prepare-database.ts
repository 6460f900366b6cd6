// Applies pending migrations when the server starts, so the app never serves on an old schema; on
// a failed or tampered migration it stops the process with a message that says what to do.
import { applyMigrations } from "../db/migrations/apply-migrations";
import { getEnv } from "../env";
import { isAppError } from "../errors";
import { getLogger } from "../logger";

export async function prepareDatabase(stop: (message: string) => never): Promise<void> {
  const logger = getLogger();
  try {
    const report = await applyMigrations(getEnv().DATABASE_URL);
    logger.info({ applied: report.applied, alreadyApplied: report.alreadyApplied }, "database migrations checked");
    if (report.unknownInDatabase.length) {
      logger.warn({ migrations: report.unknownInDatabase }, "the database has migrations this version does not know (a newer version ran against it)");
    }
  } catch (error) {
    stop(isAppError(error) ? error.message : `Could not prepare the database: ${error instanceof Error ? error.message : error}`);
  }
}
