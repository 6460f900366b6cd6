// Refuses to serve on a database that `prisma migrate deploy` has not brought up to date, or on
// one where a migration failed or was edited after it was applied, saying what to run. Applying
// migrations is a deploy step (`npm run db:deploy`), never the request path's.
import "server-only";
import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { getDb } from "../db";
import { migrationsDirectory, parseDatabaseUrl } from "../db/database-url";
import { getEnv } from "../env";

type HistoryRow = { migration_name: string; checksum: string; finished_at: unknown; rolled_back_at: unknown };

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** Each migration's accepted checksums: Prisma also accepts the file with CRLF line ends made LF. */
async function readMigrationChecksums(directory: string): Promise<Map<string, string[]>> {
  const entries = await readdir(directory, { withFileTypes: true });
  const checksums = new Map<string, string[]>();
  for (const entry of entries.filter((e) => e.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    const sql = await readFile(path.join(directory, entry.name, "migration.sql"), "utf8");
    checksums.set(entry.name, [sha256(sql), sha256(sql.replaceAll("\r\n", "\n"))]);
  }
  return checksums;
}

async function readHistory(): Promise<HistoryRow[] | undefined> {
  try {
    return await getDb().$queryRawUnsafe<HistoryRow[]>(
      `SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"`,
    );
  } catch (error) {
    // Only the history table's absence means "never deployed" (not a missing database or role).
    const message = String(error);
    if (message.includes("_prisma_migrations") && /no such table|does not exist/i.test(message)) return undefined;
    throw error;
  }
}

/** What is wrong with the database's migrations, as a person should read it; undefined when none. */
export async function findMigrationProblem(root = process.cwd()): Promise<string | undefined> {
  const { provider } = parseDatabaseUrl(getEnv().DATABASE_URL);
  const expected = await readMigrationChecksums(migrationsDirectory(provider, root));
  const history = await readHistory();
  if (!history) return "The database has no migrations applied yet. Run `npm run db:deploy` (prisma migrate deploy), then start CareDesk.";
  const failed = history.find((row) => row.finished_at === null && row.rolled_back_at === null);
  if (failed) {
    return (
      `Migration \`${failed.migration_name}\` failed, so the database may be half-migrated. Repair it by hand, then run ` +
      `\`npx prisma migrate resolve --rolled-back ${failed.migration_name}\` and \`npm run db:deploy\` again.`
    );
  }
  const applied = history.filter((row) => row.finished_at !== null && row.rolled_back_at === null);
  const edited = applied.find((row) => expected.has(row.migration_name) && !expected.get(row.migration_name)!.includes(row.checksum));
  if (edited) {
    return (
      `Migration \`${edited.migration_name}\` was changed after it was applied to this database. Restore its migration.sql ` +
      `from version control; to change the schema, add a new migration (README, "Changing the schema").`
    );
  }
  const appliedNames = new Set(applied.map((row) => row.migration_name));
  const pending = [...expected.keys()].filter((name) => !appliedNames.has(name));
  if (pending.length) return `The database is missing ${pending.length} migration(s) (${pending.join(", ")}). Run \`npm run db:deploy\` (prisma migrate deploy).`;
  return undefined;
}
