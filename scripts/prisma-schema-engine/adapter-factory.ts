// The driver adapter the wasm schema engine runs its SQL through, with the few places where the
// adapters answer differently from the native engine's own drivers mended (each was seen failing).
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import {
  bindMigrationAwareSqlAdapterFactory,
  DriverAdapterError,
  isDriverAdapterError,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
  type SqlQuery,
} from "@prisma/driver-adapter-utils";
import pg from "pg";
import { randomUUID } from "node:crypto";

/** The `--datasource` argument the CLI passes: prisma.config.ts's datasource. */
export type Datasource = { url?: string; shadowDatabaseUrl?: string };

const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;
const SQLITE_BUSY = 5;

/** The file of a `file:` URL, or undefined for a server URL. */
export function sqliteFilePath(url: string): string | undefined {
  return url.startsWith("file:") ? url.slice("file:".length).replace(/\?.*$/, "") : undefined;
}

/**
 * The engine reads PostgreSQL's catalogue, whose internal `"char"` columns @prisma/adapter-pg
 * cannot decode ("Column type 'char' could not be deserialized"); their values arrive as text.
 */
function readCharAsText(result: pg.QueryResult): pg.QueryResult {
  for (const field of result.fields ?? []) if (field.dataTypeID === PG_CHAR_OID) field.dataTypeID = PG_TEXT_OID;
  return result;
}

class CatalogueReadingClient extends pg.Client {
  // pg's pool calls the callback form, the adapter the promise form.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override query(config: any, values?: any, callback?: any): any {
    if (typeof values === "function") [values, callback] = [undefined, values];
    if (typeof callback === "function") {
      return super.query(config, values, (error: Error, result: pg.QueryResult) => callback(error, result && readCharAsText(result)));
    }
    return super.query(config, values).then(readCharAsText);
  }
}

function postgresPool(connectionString: string): pg.Pool {
  return new pg.Pool({ connectionString, Client: CatalogueReadingClient });
}

/**
 * SQLite: the engine replays each migration on the shadow database as ONE statement, which fails
 * with P3006 ("more than one statement"): run those as a script, as the native engine does.
 */
function runShadowScriptsWhole(adapter: SqlDriverAdapter): SqlDriverAdapter {
  return new Proxy(adapter, {
    get(target, property, receiver) {
      if (property === "executeRaw") {
        return (query: SqlQuery) => (query.args.length === 0 ? target.executeScript(query.sql).then(() => 0) : target.executeRaw(query));
      }
      const value = Reflect.get(target, property, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/**
 * SQLite: migrate takes the file for itself (`locking_mode=EXCLUSIVE`), which waits for, then
 * fails on, any process that has it open. The adapter reports that as `SocketTimeout`, a kind this
 * engine cannot read back ("unknown variant `SocketTimeout`"): report it as SQLite's own busy
 * error, which the engine reads as P1008 (answer-request.ts says what to do about it).
 */
function reportBusyAsSqliteError(adapter: SqlDriverAdapter): SqlDriverAdapter {
  // As the adapter's error, or as better-sqlite3's own where it throws at once (executeScript).
  const isBusy = (error: unknown) =>
    isDriverAdapterError(error) ? error.cause.kind === "SocketTimeout" : String((error as { code?: unknown } | null)?.code ?? "").startsWith("SQLITE_BUSY");
  const reported = (error: unknown) => (isBusy(error) ? new DriverAdapterError({ kind: "sqlite", extendedCode: SQLITE_BUSY, message: "database is locked" }) : error);
  return new Proxy(adapter, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        let result: unknown;
        try {
          result = value.apply(target, args);
        } catch (error) {
          // better-sqlite3 throws at once (executeScript, which applies migrations).
          throw reported(error);
        }
        return result instanceof Promise
          ? result.catch((error: unknown) => {
              throw reported(error);
            })
          : result;
      };
    },
  });
}

function sqliteFactory(url: string, shadowDatabaseUrl?: string): SqlMigrationAwareDriverAdapterFactory {
  const factory = new PrismaBetterSqlite3({ url }, shadowDatabaseUrl ? { shadowDatabaseUrl } : undefined);
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => reportBusyAsSqliteError(await factory.connect()),
    connectToShadowDb: async () => runShadowScriptsWhole(await factory.connectToShadowDb()),
  };
}

/** The same server URL naming another database. */
function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

/**
 * PostgreSQL's shadow database: the configured one (emptied first), else a temporary one the
 * engine drops when done, as the native engine does. The adapter's own would connect to the main
 * database again (its pool keeps the connection string), so migrations would replay there.
 */
/** Host, port and database of a PostgreSQL URL: two URLs naming the same database match. */
function databaseIdentity(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || "5432"}/${decodeURIComponent(parsed.pathname.slice(1))}`;
}

async function connectToPostgresShadow(url: string, shadowDatabaseUrl?: string): Promise<SqlDriverAdapter> {
  if (shadowDatabaseUrl) {
    // Emptying the shadow database must never empty the main one.
    if (databaseIdentity(shadowDatabaseUrl) === databaseIdentity(url)) {
      throw new Error("The shadow database (SHADOW_DATABASE_URL) is the main database (DATABASE_URL): point it at an empty database of its own.");
    }
    const adapter = await new PrismaPg(postgresPool(shadowDatabaseUrl), { disposeExternalPool: true }).connect();
    await adapter.executeScript('DROP SCHEMA IF EXISTS "public" CASCADE; CREATE SCHEMA "public";');
    return adapter;
  }
  const name = `prisma_migrate_shadow_db_${randomUUID()}`;
  const server = new pg.Client({ connectionString: url });
  await server.connect();
  const dropShadow = () => server.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).finally(() => server.end());
  let adapter: SqlDriverAdapter;
  try {
    await server.query(`CREATE DATABASE "${name}"`);
    adapter = await new PrismaPg(postgresPool(withDatabase(url, name)), { disposeExternalPool: true }).connect();
  } catch (error) {
    await dropShadow().catch(() => {});
    throw error;
  }
  return new Proxy(adapter, {
    get(target, property, receiver) {
      if (property === "dispose") {
        return async () => {
          await target.dispose();
          await dropShadow();
        };
      }
      const value = Reflect.get(target, property, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

function postgresFactory(url: string, shadowDatabaseUrl?: string): SqlMigrationAwareDriverAdapterFactory {
  const factory = new PrismaPg(postgresPool(url), { disposeExternalPool: true });
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: () => factory.connect(),
    connectToShadowDb: () => connectToPostgresShadow(url, shadowDatabaseUrl),
  };
}

export function adapterFactoryFor(datasource: Datasource) {
  const url = datasource.url ?? "";
  const factory = sqliteFilePath(url) !== undefined ? sqliteFactory(url, datasource.shadowDatabaseUrl) : postgresFactory(url, datasource.shadowDatabaseUrl);
  return bindMigrationAwareSqlAdapterFactory(factory);
}
