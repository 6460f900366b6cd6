// The few statements the migration runner needs, for each provider. They write Prisma's own
// `_prisma_migrations` table exactly as Prisma does, so `prisma migrate deploy`/`status` run
// elsewhere agree with what this runner did.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import type { DatabaseTarget } from "../database-url";

export type AppliedMigration = {
  id: string;
  checksum: string;
  migrationName: string;
  logs: string | null;
  startedAt: Date;
  finishedAt: Date | null;
  rolledBackAt: Date | null;
};

export type MigrationConnection = {
  /** Serialises concurrent runners (PostgreSQL: Prisma's own advisory lock). */
  lock(): Promise<void>;
  unlock(): Promise<void>;
  hasMigrationsTable(): Promise<boolean>;
  hasOtherTables(): Promise<boolean>;
  createMigrationsTable(): Promise<void>;
  listMigrations(): Promise<AppliedMigration[]>;
  recordStarted(id: string, name: string, checksum: string): Promise<void>;
  recordFinished(id: string): Promise<void>;
  recordFailed(id: string, logs: string): Promise<void>;
  recordRolledBack(name: string): Promise<number>;
  runScript(sql: string): Promise<void>;
  close(): Promise<void>;
};

/** The key Prisma's schema engine locks on, so this runner and Prisma's exclude each other. */
const PRISMA_ADVISORY_LOCK_KEY = 72707369;

const POSTGRES_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

const SQLITE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

const SELECT_MIGRATIONS = `SELECT id, checksum, migration_name, logs, started_at, finished_at, rolled_back_at
  FROM "_prisma_migrations" ORDER BY started_at ASC`;

type MigrationRow = {
  id: string;
  checksum: string;
  migration_name: string;
  logs: string | null;
  started_at: Date | number | string;
  finished_at: Date | number | string | null;
  rolled_back_at: Date | number | string | null;
};

function toDate(value: Date | number | string | null): Date | null {
  if (value === null) return null;
  return value instanceof Date ? value : new Date(value);
}

function toAppliedMigration(row: MigrationRow): AppliedMigration {
  return {
    id: row.id,
    checksum: row.checksum,
    migrationName: row.migration_name,
    logs: row.logs,
    startedAt: toDate(row.started_at) ?? new Date(0),
    finishedAt: toDate(row.finished_at),
    rolledBackAt: toDate(row.rolled_back_at),
  };
}

export async function openMigrationConnection(target: DatabaseTarget): Promise<MigrationConnection> {
  return target.provider === "sqlite" ? openSqlite(target.filePath) : openPostgres(target.url);
}

/**
 * SQLite has no advisory lock, and its migration scripts cannot run inside one transaction, so
 * runners on one machine (the server starting while `npm run db:migrate` runs) take turns through
 * a lock file beside the database. A lock left by a process that died is taken over.
 */
async function acquireLockFile(lockPath: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      writeFileSync(lockPath, String(process.pid), { flag: "wx" });
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const holder = Number(readFileSync(lockPath, "utf8").trim() || "0");
    let isAlive = holder > 0;
    try {
      if (isAlive) process.kill(holder, 0);
    } catch {
      isAlive = false;
    }
    if (!isAlive) {
      rmSync(lockPath, { force: true });
      continue;
    }
    if (Date.now() > deadline) throw new Error(`Another process (pid ${holder}) is migrating this database; ${lockPath} is held.`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function openSqlite(filePath: string): MigrationConnection {
  if (filePath !== ":memory:") mkdirSync(path.dirname(filePath), { recursive: true });
  const lockPath = `${filePath}.migrate-lock`;
  const db = new Database(filePath, { timeout: 10_000 });
  // WAL lets agents read while webhooks write; it is a property of the file, so set once here.
  db.pragma("journal_mode = WAL");
  // Prisma stores these timestamps on SQLite as epoch milliseconds.
  const now = () => Date.now();
  return {
    async lock() {
      if (filePath !== ":memory:") await acquireLockFile(lockPath);
    },
    async unlock() {
      if (filePath !== ":memory:") rmSync(lockPath, { force: true });
    },
    async hasMigrationsTable() {
      return !!db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'`).get();
    },
    async hasOtherTables() {
      return !!db
        .prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations'`)
        .get();
    },
    async createMigrationsTable() {
      db.exec(SQLITE_MIGRATIONS_TABLE);
    },
    async listMigrations() {
      return (db.prepare(SELECT_MIGRATIONS).all() as MigrationRow[]).map(toAppliedMigration);
    },
    async recordStarted(id, name, checksum) {
      db.prepare(
        `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count) VALUES (?, ?, ?, ?, 0)`,
      ).run(id, checksum, name, now());
    },
    async recordFinished(id) {
      db.prepare(`UPDATE "_prisma_migrations" SET finished_at = ?, applied_steps_count = 1 WHERE id = ?`).run(now(), id);
    },
    async recordFailed(id, logs) {
      db.prepare(`UPDATE "_prisma_migrations" SET logs = ? WHERE id = ?`).run(logs, id);
    },
    async recordRolledBack(name) {
      return db
        .prepare(
          `UPDATE "_prisma_migrations" SET rolled_back_at = ? WHERE migration_name = ? AND finished_at IS NULL AND rolled_back_at IS NULL`,
        )
        .run(now(), name).changes;
    },
    async runScript(sql) {
      // Not in a transaction: Prisma's SQLite scripts toggle PRAGMA foreign_keys, which cannot
      // change inside one. Prisma runs them the same way.
      db.exec(sql);
    },
    async close() {
      db.close();
    },
  };
}

async function openPostgres(url: string): Promise<MigrationConnection> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const rows = async <T>(sql: string, values: unknown[] = []) => (await client.query(sql, values)).rows as T[];
  return {
    async lock() {
      await client.query(`SELECT pg_advisory_lock(${PRISMA_ADVISORY_LOCK_KEY})`);
    },
    async unlock() {
      await client.query(`SELECT pg_advisory_unlock(${PRISMA_ADVISORY_LOCK_KEY})`);
    },
    async hasMigrationsTable() {
      return (await rows(`SELECT 1 FROM pg_tables WHERE schemaname = current_schema() AND tablename = '_prisma_migrations'`)).length > 0;
    },
    async hasOtherTables() {
      return (await rows(`SELECT 1 FROM pg_tables WHERE schemaname = current_schema() AND tablename <> '_prisma_migrations'`)).length > 0;
    },
    async createMigrationsTable() {
      await client.query(POSTGRES_MIGRATIONS_TABLE);
    },
    async listMigrations() {
      return (await rows<MigrationRow>(SELECT_MIGRATIONS)).map(toAppliedMigration);
    },
    async recordStarted(id, name, checksum) {
      await client.query(
        `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count) VALUES ($1, $2, $3, now(), 0)`,
        [id, checksum, name],
      );
    },
    async recordFinished(id) {
      await client.query(`UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1`, [id]);
    },
    async recordFailed(id, logs) {
      await client.query(`UPDATE "_prisma_migrations" SET logs = $1 WHERE id = $2`, [logs, id]);
    },
    async recordRolledBack(name) {
      const result = await client.query(
        `UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE migration_name = $1 AND finished_at IS NULL AND rolled_back_at IS NULL`,
        [name],
      );
      return result.rowCount ?? 0;
    },
    async runScript(sql) {
      // One simple query: PostgreSQL runs a multi-statement script as one implicit transaction.
      await client.query(sql);
    },
    async close() {
      await client.end();
    },
  };
}
