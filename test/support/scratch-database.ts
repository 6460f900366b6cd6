// Throw-away databases for tests and benchmarks: a temporary SQLite file, or a new database on a
// PostgreSQL server (the server's URL names any existing database to connect through), migrated
// by `prisma migrate deploy` unless the test wants an empty one. Test runs deploy once into a
// template per provider (prepareMigratedTemplates, in the suites' global setup) and copy it.
import { randomBytes } from "node:crypto";
import { copyFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import type { DatabaseProvider } from "@/lib/db/database-url";
import { deployMigrations } from "@/scripts/db/run-prisma";
import { makeTempDirectory } from "./temp-directory";

export type ScratchDatabase = { url: string; drop(): Promise<void> };
type ScratchOptions = { postgresServerUrl?: string; prefix?: string };

const TEMPLATE_VARIABLE: Record<DatabaseProvider, string> = {
  sqlite: "CAREDESK_TEST_SQLITE_TEMPLATE",
  postgresql: "CAREDESK_TEST_POSTGRES_TEMPLATE",
};

export async function createScratchDatabase(
  provider: DatabaseProvider,
  options: ScratchOptions & { isMigrated?: boolean } = {},
): Promise<ScratchDatabase> {
  const template = options.isMigrated === false ? undefined : process.env[TEMPLATE_VARIABLE[provider]];
  const database = await createDatabase(provider, options, template);
  if (options.isMigrated === false || template) return database;
  try {
    await deployMigrations(database.url);
  } catch (error) {
    await database.drop();
    throw error;
  }
  return database;
}

/**
 * Deploys the migrations once per provider into a template that createScratchDatabase copies in
 * every test worker; returns the teardown that removes the templates.
 */
export async function prepareMigratedTemplates(providers: DatabaseProvider[], postgresServerUrl?: string): Promise<() => Promise<void>> {
  const templates: ScratchDatabase[] = [];
  const teardown = async () => {
    for (const provider of providers) delete process.env[TEMPLATE_VARIABLE[provider]];
    await Promise.all(templates.map((template) => template.drop()));
  };
  try {
    for (const provider of providers) {
      const template = await createScratchDatabase(provider, { postgresServerUrl, prefix: "caredesk_template" });
      templates.push(template);
      process.env[TEMPLATE_VARIABLE[provider]] = provider === "sqlite" ? template.url.slice("file:".length) : new URL(template.url).pathname.slice(1);
    }
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}

async function createDatabase(provider: DatabaseProvider, options: ScratchOptions, template?: string): Promise<ScratchDatabase> {
  const prefix = options.prefix ?? "caredesk_scratch";
  if (provider === "sqlite") {
    const directory = makeTempDirectory(prefix);
    const file = path.join(directory.path, "caredesk.db");
    // Prisma closed the template, so its write-ahead log is folded into the file.
    if (template) await copyFile(template, file);
    return { url: `file:${file}`, drop: () => directory.remove() };
  }
  if (!options.postgresServerUrl) {
    throw new Error("A PostgreSQL scratch database needs a server URL (TEST_DATABASE_URL)");
  }
  const name = `${prefix}_${randomBytes(6).toString("hex")}`;
  await onServer(options.postgresServerUrl, (client) => client.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ""}`));
  const url = new URL(options.postgresServerUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => onServer(options.postgresServerUrl!, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)),
  };
}

async function onServer(serverUrl: string, run: (client: pg.Client) => Promise<unknown>): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await run(client);
  } finally {
    await client.end();
  }
}
