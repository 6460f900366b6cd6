// The only Prisma client of CareDesk. DATABASE_URL chooses the provider: `file:` opens the
// embedded SQLite database through better-sqlite3, `postgresql://` opens PostgreSQL through pg.
// Both generated clients come from the same schema, so they share one type.
import "server-only";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { parseDatabaseUrl, type DatabaseProvider } from "./db/database-url";
import { getEnv } from "./env";
import { PrismaClient as PostgresClient } from "./generated/postgres/client";
import { PrismaClient as SqliteClient } from "./generated/sqlite/client";

export type Db = SqliteClient;

type DbHolder = { client: Db; provider: DatabaseProvider; url: string };

// Kept on globalThis so `next dev` reloads do not open a new pool each time.
const holder = globalThis as unknown as { careDeskDb?: DbHolder };

export function createDb(databaseUrl: string): Db {
  const target = parseDatabaseUrl(databaseUrl);
  if (target.provider === "sqlite") {
    // better-sqlite3 enforces foreign keys by default; the file is in WAL mode (set by migrations).
    return new SqliteClient({ adapter: new PrismaBetterSqlite3({ url: target.filePath, timeout: 10_000 }) });
  }
  const client = new PostgresClient({ adapter: new PrismaPg({ connectionString: target.url, max: 10 }) });
  return client as unknown as Db;
}

export function getDb(): Db {
  const url = getEnv().DATABASE_URL;
  if (!holder.careDeskDb || holder.careDeskDb.url !== url) {
    holder.careDeskDb = { client: createDb(url), provider: parseDatabaseUrl(url).provider, url };
  }
  return holder.careDeskDb.client;
}

export function getDbProvider(): DatabaseProvider {
  return parseDatabaseUrl(getEnv().DATABASE_URL).provider;
}
