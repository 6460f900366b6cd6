import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

export type MigrationFile = {
  /** The folder name, e.g. `20261128160000_init`: Prisma's `migration_name`. */
  name: string;
  sql: string;
  /** Lowercase hex SHA-256 of migration.sql, as Prisma computes it. */
  checksum: string;
};

export function checksumOf(sql: string): string {
  return createHash("sha256").update(sql).digest("hex");
}

/** The migrations of one provider's folder, in the order Prisma applies them (by folder name). */
export async function readMigrations(directory: string): Promise<MigrationFile[]> {
  const entries = await readdir(directory, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return [];
    throw error;
  });
  const folders = entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
  const migrations: MigrationFile[] = [];
  for (const name of folders) {
    const sql = await readFile(path.join(directory, name, "migration.sql"), "utf8").catch(() => null);
    if (sql !== null) migrations.push({ name, sql, checksum: checksumOf(sql) });
  }
  return migrations;
}
