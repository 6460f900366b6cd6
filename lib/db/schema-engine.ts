// Drives Prisma's schema engine (the wasm build) to diff schemas offline: Prisma's CLI needs a
// native engine it cannot download here. The engine's API is internal to Prisma; its version is
// pinned exactly in package.json.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import {
  bindMigrationAwareSqlAdapterFactory,
  mockMigrationAwareAdapterFactory,
} from "@prisma/driver-adapter-utils";
import type { DatabaseProvider } from "./database-url";

type EngineModule = typeof import("@prisma/schema-engine-wasm");
type Engine = Awaited<ReturnType<EngineModule["SchemaEngine"]["new"]>>;

export type SchemaSource =
  | { tag: "empty" }
  | { tag: "schema"; path: string }
  /** A live database, read through a driver adapter (the engine only runs read-only queries). */
  | { tag: "database"; url: string; schemaPath: string };

let engineModule: Promise<EngineModule> | undefined;

async function loadEngineModule(): Promise<EngineModule> {
  const require = createRequire(import.meta.url);
  const glue = (await import("@prisma/schema-engine-wasm/schema_engine_bg")) as unknown as EngineModule & {
    __wbg_set_wasm(exports: WebAssembly.Exports): void;
  };
  // The package does not export its .wasm file: find it beside the glue module.
  const wasmPath = path.join(path.dirname(require.resolve("@prisma/schema-engine-wasm/schema_engine_bg")), "schema_engine_bg.wasm");
  const { instance } = await WebAssembly.instantiate(await readFile(wasmPath), {
    "./schema_engine_bg.js": glue as unknown as WebAssembly.ModuleImports,
  });
  glue.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  return glue;
}

function adapterFactory(provider: DatabaseProvider, databaseUrl?: string) {
  if (!databaseUrl) return mockMigrationAwareAdapterFactory(provider === "sqlite" ? "sqlite" : "postgres");
  if (provider === "sqlite") return new PrismaBetterSqlite3({ url: databaseUrl });
  return new PrismaPg({ connectionString: databaseUrl });
}

async function openEngine(provider: DatabaseProvider, databaseUrl?: string): Promise<Engine> {
  engineModule ??= loadEngineModule();
  const { SchemaEngine } = await engineModule;
  const adapter = bindMigrationAwareSqlAdapterFactory(adapterFactory(provider, databaseUrl));
  return SchemaEngine.new({ datamodels: undefined }, () => {}, adapter);
}

async function toTarget(source: SchemaSource) {
  if (source.tag === "empty") return { tag: "empty" as const };
  if (source.tag === "database") {
    // The engine reads the live database through the driver adapter given to it.
    const schemaFile = source.schemaPath;
    return {
      tag: "schemaDatasource" as const,
      files: [{ path: schemaFile, content: await readFile(schemaFile, "utf8") }],
      configDir: path.dirname(schemaFile),
    };
  }
  const content = await readFile(source.path, "utf8");
  return { tag: "schemaDatamodel" as const, files: [{ path: source.path, content }] };
}

/**
 * The SQL script that turns `from` into `to`, exactly as `prisma migrate diff --script` prints it.
 * An empty diff is `-- This is an empty migration.`. PostgreSQL diffs need a live server to connect
 * to (any database: nothing is written); SQLite schema-to-schema diffs touch no database.
 */
export async function diffSchemas(
  provider: DatabaseProvider,
  from: SchemaSource,
  to: SchemaSource,
  options: { connectionUrl?: string } = {},
): Promise<string> {
  const source = [from, to].find((s) => s.tag === "database");
  const databaseUrl = source?.url ?? options.connectionUrl;
  if (provider === "postgresql" && !databaseUrl) {
    throw new Error("Diffing PostgreSQL schemas needs a live server (the engine runs read-only queries): pass connectionUrl");
  }
  const engine = await openEngine(provider, databaseUrl);
  try {
    const result = await engine.diff({
      from: await toTarget(from),
      to: await toTarget(to),
      script: true,
      exitCode: null,
      filters: { externalTables: [], externalEnums: [] },
    });
    return result.stdout ?? "";
  } finally {
    engine.free();
  }
}

export function isEmptyMigration(sql: string): boolean {
  return sql.trim() === "" || sql.trim() === "-- This is an empty migration.";
}
