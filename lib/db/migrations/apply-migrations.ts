// Applies pending migrations the way `prisma migrate deploy` does, without Prisma's native engine.
import { randomUUID } from "node:crypto";
import { AppError } from "../../errors";
import { migrationsDirectory, parseDatabaseUrl } from "../database-url";
import { openMigrationConnection, type AppliedMigration } from "./migration-connection";
import { readMigrations, type MigrationFile } from "./read-migrations";

export type MigrationReport = {
  applied: string[];
  alreadyApplied: number;
  /** Migrations recorded in the database that this code base does not have (a newer deploy ran). */
  unknownInDatabase: string[];
};

const RESOLVE_HINT = (name: string) =>
  `Repair the database by hand (the migration may have been applied in part), then mark it rolled back with ` +
  `\`npm run db:migrate -- --rolled-back ${name}\` (or \`prisma migrate resolve --rolled-back ${name}\`) and run the migrations again.`;

function isFailed(row: AppliedMigration): boolean {
  return row.finishedAt === null && row.rolledBackAt === null;
}

function checkHistory(files: MigrationFile[], rows: AppliedMigration[]): void {
  const failed = rows.find(isFailed);
  if (failed) {
    throw new AppError(
      "migration_failed",
      `Migration \`${failed.migrationName}\` failed (started ${failed.startedAt.toISOString()}): ${failed.logs ?? "no log recorded"}. ` +
        `CareDesk will not start on a half-migrated database. ${RESOLVE_HINT(failed.migrationName)}`,
    );
  }
  const filesByName = new Map(files.map((file) => [file.name, file]));
  for (const row of rows) {
    const file = filesByName.get(row.migrationName);
    if (file && row.finishedAt && !row.rolledBackAt && file.checksum !== row.checksum) {
      throw new AppError(
        "migration_failed",
        `Migration \`${row.migrationName}\` was changed after it was applied (its checksum differs from the one recorded). ` +
          `Restore prisma migration files from version control; to change the schema, add a new migration with \`npm run db:diff\`.`,
      );
    }
  }
}

/** Applies every pending migration of the database named by `databaseUrl`. */
export async function applyMigrations(
  databaseUrl: string,
  options: { root?: string; directory?: string } = {},
): Promise<MigrationReport> {
  const target = parseDatabaseUrl(databaseUrl);
  const files = await readMigrations(options.directory ?? migrationsDirectory(target.provider, options.root));
  const connection = await openMigrationConnection(target);
  try {
    await connection.lock();
    if (!(await connection.hasMigrationsTable())) {
      if (await connection.hasOtherTables()) {
        throw new AppError(
          "migration_failed",
          "The database is not empty and has no migration history (`_prisma_migrations`), so CareDesk cannot tell which migrations it has. " +
            "Point DATABASE_URL at an empty database, or baseline this one as Prisma's docs describe.",
        );
      }
      await connection.createMigrationsTable();
    }
    const rows = await connection.listMigrations();
    checkHistory(files, rows);

    const done = new Set(rows.filter((row) => row.finishedAt && !row.rolledBackAt).map((row) => row.migrationName));
    const pending = files.filter((file) => !done.has(file.name));
    const applied: string[] = [];
    for (const file of pending) {
      const id = randomUUID();
      await connection.recordStarted(id, file.name, file.checksum);
      try {
        await connection.runScript(file.sql);
      } catch (error) {
        const logs = `Database error: ${error instanceof Error ? error.message : String(error)}`;
        await connection.recordFailed(id, logs);
        throw new AppError("migration_failed", `Migration \`${file.name}\` failed: ${logs}. ${RESOLVE_HINT(file.name)}`, {
          cause: error,
        });
      }
      await connection.recordFinished(id);
      applied.push(file.name);
    }
    const known = new Set(files.map((file) => file.name));
    return {
      applied,
      alreadyApplied: done.size,
      unknownInDatabase: [...done].filter((name) => !known.has(name)),
    };
  } finally {
    await connection.unlock().catch(() => {});
    await connection.close();
  }
}

/** Marks a failed migration rolled back, like `prisma migrate resolve --rolled-back NAME`. */
export async function markMigrationRolledBack(databaseUrl: string, name: string): Promise<void> {
  const connection = await openMigrationConnection(parseDatabaseUrl(databaseUrl));
  try {
    await connection.lock();
    if (!(await connection.hasMigrationsTable()) || (await connection.recordRolledBack(name)) === 0) {
      throw new AppError("migration_failed", `No failed migration named \`${name}\` is recorded in this database.`);
    }
  } finally {
    await connection.unlock().catch(() => {});
    await connection.close();
  }
}
