// Throw-away databases for tests and benchmarks: a temporary SQLite file, or a new database on a
// PostgreSQL server (the server's URL names any existing database to connect through), migrated
// by `prisma migrate deploy` unless the test wants an empty one.
import { randomBytes } from "node:crypto";
import path from "node:path";
import pg from "pg";
import type { DatabaseProvider } from "@/lib/db/database-url";
import { deployMigrations } from "@/scripts/db/run-prisma";
import { makeTempDirectory } from "./temp-directory";

export type ScratchDatabase = { url: string; drop(): Promise<void> };

export async function createScratchDatabase(
  provider: DatabaseProvider,
  options: { postgresServerUrl?: string; prefix?: string; isMigrated?: boolean } = {},
): Promise<ScratchDatabase> {
  const database = await createEmptyDatabase(provider, options);
  if (options.isMigrated === false) return database;
  try {
    await deployMigrations(database.url);
  } catch (error) {
    await database.drop();
    throw error;
  }
  return database;
}

async function createEmptyDatabase(
  provider: DatabaseProvider,
  options: { postgresServerUrl?: string; prefix?: string },
): Promise<ScratchDatabase> {
  const prefix = options.prefix ?? "caredesk_scratch";
  if (provider === "sqlite") {
    const directory = makeTempDirectory(prefix);
    return { url: `file:${path.join(directory.path, "caredesk.db")}`, drop: () => directory.remove() };
  }
  if (!options.postgresServerUrl) {
    throw new Error("A PostgreSQL scratch database needs a server URL (TEST_DATABASE_URL or DATABASE_URL)");
  }
  const name = `${prefix}_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: options.postgresServerUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(options.postgresServerUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: options.postgresServerUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
