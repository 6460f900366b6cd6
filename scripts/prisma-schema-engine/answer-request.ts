// One JSON-RPC request of Prisma's CLI, answered by the wasm engine in the native engine's shape.
import { existsSync } from "node:fs";
import Database from "better-sqlite3";
import { sqliteFilePath, type Datasource } from "./adapter-factory";
import type { WasmEngineModule } from "./load-wasm-engine";

type Engine = Awaited<ReturnType<WasmEngineModule["SchemaEngine"]["new"]>>;
type MigrationsInput = { migrationsList: { migrationDirectories: unknown[] }; filters?: unknown };
export type RpcRequest = { id: number; method: string; params?: Record<string, unknown> };

/** What P1008 ("socket timeout") means on SQLite: the file is busy (adapter-factory.ts). */
const SQLITE_LOCKED_MESSAGE =
  "The SQLite database is locked: another process has the file open (a running CareDesk?). Prisma's migrate commands need the file to themselves: stop CareDesk, run the command, then start it again.";

/** The engine's failures carry Prisma's error code (`P1014`, `P3005`, …) as `code`. */
function toRpcError(error: unknown, datasource: Datasource) {
  const code = typeof (error as { code?: unknown })?.code === "string" ? (error as { code: string }).code : undefined;
  const isSqliteBusy = code === "P1008" && sqliteFilePath(datasource.url ?? "") !== undefined;
  const original = error instanceof Error ? error.message : String(error);
  const message = isSqliteBusy ? `${SQLITE_LOCKED_MESSAGE}\n(${original.trim()})` : original;
  return { code: 4466, message, data: { is_panic: false, message, error_code: code, meta: {} } };
}

/** A SQLite database with no table at all, not even Prisma's history. */
function isEmptySqliteDatabase(datasource: Datasource): boolean {
  const file = sqliteFilePath(datasource.url ?? "");
  if (file === undefined || !existsSync(file)) return false;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const { count } = db.prepare("SELECT count(*) AS count FROM sqlite_master WHERE type = 'table'").get() as { count: number };
    return count === 0;
  } finally {
    db.close();
  }
}

type SchemaInput = MigrationsInput & { schema: { files: unknown[] } };

const EMPTY_MIGRATION = "-- This is an empty migration.";

/** The SQL from the end state of the migrations to the schema (replayed on the shadow database). */
async function diffMigrationsToSchema(engine: Engine, input: SchemaInput): Promise<string> {
  const { stdout } = await engine.diff({
    from: { tag: "migrations", ...input.migrationsList },
    to: { tag: "schemaDatamodel", files: input.schema.files },
    script: true,
    exitCode: null,
    filters: input.filters ?? { externalTables: [], externalEnums: [] },
  } as never);
  return stdout ?? "";
}

const isEmptyScript = (sql: string) => sql.trim() === "" || sql.trim() === EMPTY_MIGRATION;

/** Prisma names a migration folder after the UTC time it was made: 20261129184512_name. */
function migrationFolderName(name: string, now = new Date()): string {
  return `${now.toISOString().replace(/\D/g, "").slice(0, 14)}_${name}`;
}

/*
 * The wasm engine's evaluateDataLoss and createMigration cannot reach the shadow database through
 * the adapter ("shadow DB must be provided through an external factory"); its diff can. Both are
 * answered from that diff, so what is lost is only the engine's data-loss warnings before a
 * migration is written: the migration's SQL still shows every drop.
 */
async function evaluateDataLoss(engine: Engine, input: SchemaInput) {
  const sql = await diffMigrationsToSchema(engine, input);
  return { migrationSteps: isEmptyScript(sql) ? 0 : 1, warnings: [], unexecutableSteps: [] };
}

async function createMigration(engine: Engine, provider: "sqlite" | "postgresql", input: SchemaInput & { draft: boolean; migrationName: string }) {
  const sql = await diffMigrationsToSchema(engine, input);
  return {
    connectorType: provider,
    generatedMigrationName: migrationFolderName(input.migrationName),
    migrationScript: isEmptyScript(sql) ? (input.draft ? `${EMPTY_MIGRATION}\n` : null) : sql,
    extension: "sql",
  };
}

/**
 * Through an adapter the engine's SQLite reset only deletes rows, so the next deploy fails on
 * tables that already exist. The native engine empties the file: drop everything instead.
 */
function resetSqliteDatabase(file: string): void {
  const db = new Database(file, { timeout: 10_000 });
  try {
    const objects = db.prepare("SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' AND type IN ('table', 'view')").all() as {
      type: string;
      name: string;
    }[];
    db.pragma("foreign_keys = OFF");
    for (const { type, name } of objects) db.exec(`DROP ${type === "view" ? "VIEW" : "TABLE"} IF EXISTS "${name.replaceAll('"', '""')}"`);
    db.exec("VACUUM");
  } finally {
    db.close();
  }
}

async function call(engine: Engine, datasource: Datasource, request: RpcRequest): Promise<unknown> {
  const params = request.params ?? {};
  if (request.method === "getDatabaseVersion") return engine.version(params as never);
  if ((request.method === "devDiagnostic" || request.method === "diagnoseMigrationHistory") && isEmptySqliteDatabase(datasource)) {
    // Through an adapter the engine reads SQLite's "no such table" as P1014 instead of "no history
    // yet": on an empty database, let it create its (empty) history table first, as it would anyway.
    const input = params as MigrationsInput;
    await engine.applyMigrations({ ...input, migrationsList: { ...input.migrationsList, migrationDirectories: [] } } as never);
  }
  const sqliteFile = sqliteFilePath(datasource.url ?? "");
  if (request.method === "reset" && sqliteFile !== undefined) return resetSqliteDatabase(sqliteFile);
  if (request.method === "evaluateDataLoss") return evaluateDataLoss(engine, params as unknown as SchemaInput);
  if (request.method === "createMigration") {
    const provider = sqliteFilePath(datasource.url ?? "") === undefined ? "postgresql" : "sqlite";
    return createMigration(engine, provider, params as unknown as SchemaInput & { draft: boolean; migrationName: string });
  }
  const method = (engine as unknown as Record<string, (input: unknown) => Promise<unknown>>)[request.method];
  if (typeof method !== "function") throw new Error(`The schema engine has no method \`${request.method}\`.`);
  return method.call(engine, params);
}

export async function answerRequest(engine: Engine, datasource: Datasource, request: RpcRequest, print: (content: string) => void) {
  try {
    const result = (await call(engine, datasource, request)) ?? {};
    if (request.method === "diff") {
      const { stdout, ...rest } = result as { stdout?: string };
      if (stdout) print(stdout.replace(/\n$/, ""));
      return { jsonrpc: "2.0", id: request.id, result: rest };
    }
    return { jsonrpc: "2.0", id: request.id, result };
  } catch (error) {
    return { jsonrpc: "2.0", id: request.id, error: toRpcError(error, datasource) };
  }
}
