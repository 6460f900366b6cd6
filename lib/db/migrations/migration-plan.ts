// Where each provider's migrations and the schema snapshots live. Each SQLite migration folder
// keeps `schema.snapshot`, the source schema as it was when the migration was made: the next
// migration is the diff from that snapshot to the current schema (for both providers).
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { migrationsDirectory } from "../database-url";

export const SNAPSHOT_FILE = "schema.snapshot";

/** The schema the existing migrations build, or null before the first migration. */
export async function readLatestSnapshot(root = process.cwd()): Promise<{ migration: string; schema: string } | null> {
  const directory = migrationsDirectory("sqlite", root);
  const folders = (await readdir(directory, { withFileTypes: true }).catch(() => []))
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .reverse();
  for (const migration of folders) {
    const schema = await readFile(path.join(directory, migration, SNAPSHOT_FILE), "utf8").catch(() => null);
    if (schema !== null) return { migration, schema };
  }
  return null;
}
