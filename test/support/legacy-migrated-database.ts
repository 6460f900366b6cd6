// A database migrated the way CareDesk's own migration runner did before Prisma's CLI took over
// (lib/db/migrations/, removed after b12540c): each migration.sql run as a script, and history rows
// written to `_prisma_migrations` with that runner's DDL, epoch milliseconds on SQLite.
import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { migrationsDirectory, parseDatabaseUrl } from "@/lib/db/database-url";

const SQLITE_HISTORY = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id" TEXT PRIMARY KEY NOT NULL, "checksum" TEXT NOT NULL, "finished_at" DATETIME, "migration_name" TEXT NOT NULL,
    "logs" TEXT, "rolled_back_at" DATETIME, "started_at" DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0)`;
const POSTGRES_HISTORY = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id" VARCHAR(36) PRIMARY KEY NOT NULL, "checksum" VARCHAR(64) NOT NULL, "finished_at" TIMESTAMPTZ,
    "migration_name" VARCHAR(255) NOT NULL, "logs" TEXT, "rolled_back_at" TIMESTAMPTZ,
    "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(), "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`;

export async function migrateLikeTheLegacyRunner(databaseUrl: string, root = process.cwd()): Promise<string[]> {
  const target = parseDatabaseUrl(databaseUrl);
  const directory = migrationsDirectory(target.provider, root);
  const names = (await readdir(directory, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  const migrations = await Promise.all(
    names.map(async (name) => {
      const sql = await readFile(path.join(directory, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    }),
  );
  if (target.provider === "sqlite") {
    const db = new Database(target.filePath);
    try {
      db.pragma("journal_mode = WAL");
      db.exec(SQLITE_HISTORY);
      for (const migration of migrations) {
        const id = randomUUID();
        db.prepare(`INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count) VALUES (?, ?, ?, ?, 0)`).run(
          id, migration.checksum, migration.name, Date.now(),
        );
        db.exec(migration.sql);
        db.prepare(`UPDATE "_prisma_migrations" SET finished_at = ?, applied_steps_count = 1 WHERE id = ?`).run(Date.now(), id);
      }
    } finally {
      db.close();
    }
    return names;
  }
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(POSTGRES_HISTORY);
    for (const migration of migrations) {
      const id = randomUUID();
      await client.query(`INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count) VALUES ($1, $2, $3, now(), 0)`, [
        id, migration.checksum, migration.name,
      ]);
      await client.query(migration.sql);
      await client.query(`UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1`, [id]);
    }
  } finally {
    await client.end();
  }
  return names;
}
