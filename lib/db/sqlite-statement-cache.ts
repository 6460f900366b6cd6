// Prepared statements kept across queries on SQLite. Prisma's better-sqlite3 adapter prepares every
// statement it sends anew and binds its arguments to it for good, so nothing is reused: preparing
// was 7% of a thread page's CPU (docs/benchmarks.md, "Dashboard at 1,000,000 messages"). PostgreSQL
// needs none of this: its adapter names its prepared statements (lib/db/sql-dialect.ts).
//
// The adapter uses a statement in one way only: `prepare(sql)`, then `.run()` alone, or
// `.bind(args)` followed by `.reader`, `.columns()`, `.run()` or `.raw().all()`, all synchronous.
// The connection's `prepare` is replaced with one that hands out that much of a statement, backed
// by a cached one that gets the arguments on each call instead of having them bound.
import type { SqlDriverAdapter } from "@prisma/driver-adapter-utils";
import type BetterSqlite3 from "better-sqlite3";

/** Distinct SQL texts kept (Prisma writes `IN (?, ?, …)` once per list length); the oldest used goes first. */
const CACHED_STATEMENTS = 500;

type Arguments = unknown[];

/** What the adapter calls on a prepared, bound statement. */
type AdapterStatement = {
  readonly reader: boolean;
  bind(args: Arguments): AdapterStatement;
  columns(): BetterSqlite3.ColumnDefinition[];
  run(): BetterSqlite3.RunResult;
  raw(): { all(): unknown[][] };
};

export function cacheStatements(connection: BetterSqlite3.Database, capacity = CACHED_STATEMENTS): void {
  const prepare = connection.prepare.bind(connection);
  const cache = new Map<string, BetterSqlite3.Statement<Arguments>>();
  const cached = (sql: string) => {
    let statement = cache.get(sql);
    if (statement) {
      cache.delete(sql);
    } else {
      statement = prepare<Arguments>(sql);
      if (cache.size >= capacity) cache.delete(cache.keys().next().value!);
    }
    cache.set(sql, statement);
    return statement;
  };
  const bound = (statement: BetterSqlite3.Statement<Arguments>, args: Arguments): AdapterStatement => ({
    reader: statement.reader,
    bind: () => {
      throw new TypeError("This statement already has bound parameters.");
    },
    columns: () => statement.columns(),
    run: () => statement.run(args),
    raw: () => ({ all: () => statement.raw(true).all(args) as unknown[][] }),
  });
  const adapterPrepare = (sql: string): AdapterStatement => {
    const statement = cached(sql);
    return { ...bound(statement, []), bind: (args) => bound(statement, args) };
  };
  connection.prepare = adapterPrepare as unknown as typeof connection.prepare;
}

/** The better-sqlite3 connection under Prisma's adapter (its `client`, not part of the adapter's types). */
export function betterSqlite3Connection(adapter: SqlDriverAdapter): BetterSqlite3.Database {
  const connection = (adapter as unknown as { client?: BetterSqlite3.Database }).client;
  if (typeof connection?.prepare !== "function") throw new Error("Prisma's SQLite adapter no longer exposes its better-sqlite3 connection as `client`: see lib/db/sqlite-statement-cache.ts.");
  return connection;
}
