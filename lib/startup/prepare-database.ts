// Runs once when the server starts (instrumentation.ts): applies pending migrations so the app
// never serves on an old schema, and stops the process with an actionable message otherwise.
import { applyMigrations } from "../db/migrations/apply-migrations";
import { getEnv } from "../env";
import { isAppError } from "../errors";
import { getLogger } from "../logger";

export async function prepareDatabase(): Promise<void> {
  const logger = getLogger();
  try {
    const env = getEnv();
    const report = await applyMigrations(env.DATABASE_URL);
    logger.info({ applied: report.applied, alreadyApplied: report.alreadyApplied }, "database migrations checked");
    if (report.unknownInDatabase.length) {
      logger.warn({ migrations: report.unknownInDatabase }, "the database has migrations this version does not know (a newer version ran against it)");
    }
  } catch (error) {
    const message = isAppError(error) ? error.message : `Could not prepare the database: ${error instanceof Error ? error.message : error}`;
    logger.fatal({ code: isAppError(error) ? error.code : "startup_failed" }, message);
    // Also on stderr, plainly, for a person starting it by hand.
    console.error(`\nCareDesk cannot start.\n${message}\n`);
    process.exit(1);
  }
}
