// The only Prisma client of CareDesk. DATABASE_URL chooses the provider: `file:` opens the
// embedded SQLite database through better-sqlite3, `postgresql://` opens PostgreSQL through pg.
// Both generated clients come from the same schema, so they share one type. The hot write paths
// send SQL to the client's own driver adapter (getDbAdapter, lib/db/sql-transaction.ts).
import "server-only";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapter, SqlQuery } from "@prisma/driver-adapter-utils";
import { parseDatabaseUrl, type DatabaseProvider } from "./db/database-url";
import { SharedAdapterFactory } from "./db/shared-adapter";
import { preparedStatementName } from "./db/sql-dialect";
import { betterSqlite3Connection, cacheStatements } from "./db/sqlite-statement-cache";
import { getEnv } from "./env";
import { PrismaClient as PostgresClient } from "./generated/postgres/client";
import { PrismaClient as SqliteClient } from "./generated/sqlite/client";

export type Db = SqliteClient;

type DbHolder = Database & { provider: DatabaseProvider; url: string };

// Kept on globalThis so `next dev` reloads do not open a new pool each time.
const holder = globalThis as unknown as { careDeskDb?: DbHolder };

function createAdapter(databaseUrl: string): SharedAdapterFactory {
  const target = parseDatabaseUrl(databaseUrl);
  if (target.provider === "sqlite") {
    // better-sqlite3 enforces foreign keys by default. WAL lets agents read while webhooks write
    // (a property of the file: setting it again is free). In WAL mode better-sqlite3 defaults to
    // synchronous=NORMAL, where a power cut can undo the last commits: webhooks Vonage was told
    // are stored. FULL syncs every commit, as PostgreSQL does.
    return new SharedAdapterFactory(new PrismaBetterSqlite3({ url: target.filePath, timeout: getEnv().SQLITE_BUSY_TIMEOUT_MS }), {
      onConnect: async (adapter) => {
        cacheStatements(betterSqlite3Connection(adapter));
        await adapter.executeScript("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL");
      },
    });
  }
  return new SharedAdapterFactory(
    new PrismaPg(
      // A request waits at most 5 s for a pooled connection, then fails as "database unavailable".
      // JIT off: PostgreSQL compiles a plan whose estimated cost is high, and the inbox search's
      // plans that check conversations one by one are estimated far above what they cost; the
      // compile then takes 20–60 ms of a search that runs in 5 (docs/benchmarks.md, "Search").
      { connectionString: target.url, max: 10, connectionTimeoutMillis: 5_000, options: "-c jit=off" },
      // Typed as always naming, but an undefined name is what the adapter sends without one.
      { statementNameGenerator: preparedStatementName as (query: SqlQuery) => string },
    ),
  );
}

/** A Prisma client and the driver adapter under it (same connection, same transaction lock). */
export type Database = { client: Db; adapter(): Promise<SqlDriverAdapter> };

export function openDatabase(databaseUrl: string): Database {
  const factory = createAdapter(databaseUrl);
  const client = factory.provider === "sqlite" ? new SqliteClient({ adapter: factory }) : (new PostgresClient({ adapter: factory }) as unknown as Db);
  return { client, adapter: () => factory.connect() };
}

export function createDb(databaseUrl: string): Db {
  return openDatabase(databaseUrl).client;
}

function current(): DbHolder {
  const url = getEnv().DATABASE_URL;
  if (!holder.careDeskDb || holder.careDeskDb.url !== url) {
    holder.careDeskDb = { ...openDatabase(url), provider: parseDatabaseUrl(url).provider, url };
  }
  return holder.careDeskDb;
}

export function getDb(): Db {
  return current().client;
}

/** The driver adapter under getDb()'s client, for lib/db/sql-transaction.ts. */
export function getDbAdapter(): Promise<SqlDriverAdapter> {
  return current().adapter();
}

export function getDbProvider(): DatabaseProvider {
  return parseDatabaseUrl(getEnv().DATABASE_URL).provider;
}
