// npm run db:migrate [-- --rolled-back NAME]: applies pending migrations to DATABASE_URL (the
// embedded SQLite file by default), or marks a failed migration rolled back after a manual repair.
import { applyMigrations, markMigrationRolledBack } from "../lib/db/migrations/apply-migrations";
import { getEnv } from "../lib/env";
import { runCommand } from "./run-command";

await runCommand(async () => {
  const { DATABASE_URL } = getEnv();
  const rolledBackIndex = process.argv.indexOf("--rolled-back");
  if (rolledBackIndex > 0) {
    const name = process.argv[rolledBackIndex + 1];
    if (!name) throw new Error("--rolled-back needs the migration's folder name");
    await markMigrationRolledBack(DATABASE_URL, name);
    console.log(`Marked ${name} rolled back. Run \`npm run db:migrate\` to apply it again.`);
    return;
  }
  const report = await applyMigrations(DATABASE_URL);
  console.log(
    report.applied.length
      ? `Applied ${report.applied.length} migration(s): ${report.applied.join(", ")}.`
      : `Database is up to date (${report.alreadyApplied} migration(s) applied).`,
  );
  if (report.unknownInDatabase.length) {
    console.warn(`The database has migrations this code does not know: ${report.unknownInDatabase.join(", ")}.`);
  }
});
