// Prisma's own CLI, run through the schema-engine stand-in against real databases: what a person
// changing the schema or deploying CareDesk does, on both providers.
import { execFile } from "node:child_process";
import { cp, mkdtemp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { migrationsDirectory, parseDatabaseUrl, schemaPath, type DatabaseProvider } from "@/lib/db/database-url";
import { checkMigrations } from "@/scripts/db/check-schema";
import { runPrisma } from "@/scripts/db/run-prisma";
import { migrateLikeTheLegacyRunner } from "@/test/support/legacy-migrated-database";
import { postgresServerUrl, testedProviders } from "@/test/support/providers";
import { createScratchDatabase, type ScratchDatabase } from "@/test/support/scratch-database";
import { startCareDeskServer } from "@/test/support/start-server";

const root = process.cwd();
// Each Prisma command starts the CLI and the wasm engine; a test here runs up to eight of them.
const PRISMA_TEST_TIMEOUT_MS = 240_000;
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function scratchDatabase(provider: DatabaseProvider, options: { isMigrated?: boolean } = {}): Promise<ScratchDatabase> {
  const database = await createScratchDatabase(provider, { postgresServerUrl, prefix: "caredesk_prisma", ...options });
  cleanups.push(() => database.drop());
  return database;
}

/** A copy of the project's Prisma files (schemas, migrations, config) to change freely. */
async function scratchProject(): Promise<string> {
  const copy = await mkdtemp(path.join(tmpdir(), "caredesk-prisma-project-"));
  cleanups.push(() => rm(copy, { recursive: true, force: true }));
  await cp(path.join(root, "prisma"), path.join(copy, "prisma"), { recursive: true });
  await cp(path.join(root, "prisma.config.ts"), path.join(copy, "prisma.config.ts"));
  await cp(path.join(root, "package.json"), path.join(copy, "package.json"));
  await symlink(path.join(root, "node_modules"), path.join(copy, "node_modules"));
  // prisma.config.ts reads DATABASE_URL with the app's parser and names the stand-in in scripts/.
  await symlink(path.join(root, "lib"), path.join(copy, "lib"));
  await symlink(path.join(root, "scripts"), path.join(copy, "scripts"));
  return copy;
}

async function migrationNames(provider: DatabaseProvider, projectRoot: string): Promise<string[]> {
  const entries = await readdir(migrationsDirectory(provider, projectRoot), { withFileTypes: true });
  return entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
}

/** Runs one statement on the database; counts come back as numbers on both providers. */
async function runSql(databaseUrl: string, sql: string): Promise<Record<string, unknown>[]> {
  const target = parseDatabaseUrl(databaseUrl);
  if (target.provider === "sqlite") {
    const { default: Database } = await import("better-sqlite3");
    const db = new Database(target.filePath);
    try {
      const statement = db.prepare(sql);
      return statement.reader ? (statement.all() as Record<string, unknown>[]) : (statement.run(), []);
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query(sql);
    return rows.map((row) => Object.fromEntries(Object.entries(row).map(([key, value]) => [key, key === "count" ? Number(value) : value])));
  } finally {
    await client.end();
  }
}

async function historyRows(databaseUrl: string): Promise<number> {
  const [row] = await runSql(databaseUrl, `SELECT count(*) AS count FROM "_prisma_migrations" WHERE finished_at IS NOT NULL`);
  return Number(row?.count);
}

async function expectServerRefusal(databaseUrl: string, expected: RegExp): Promise<void> {
  const logDirectory = await mkdtemp(path.join(tmpdir(), "caredesk-refusal-"));
  cleanups.push(() => rm(logDirectory, { recursive: true, force: true }));
  const logFile = path.join(logDirectory, "server.log");
  const started = startCareDeskServer({ env: { DATABASE_URL: databaseUrl }, logFile, timeoutMs: 60_000 });
  await expect(started.then((server) => server.stop())).rejects.toThrow(/exited with code 1/);
  expect(await readFile(logFile, "utf8")).toMatch(expected);
}

describe.each(testedProviders)("Prisma's CLI on %s", { timeout: PRISMA_TEST_TIMEOUT_MS }, (provider) => {
  it("finds a database built by the test scripts (prisma migrate deploy) up to date", async () => {
    const database = await scratchDatabase(provider);
    const status = await runPrisma(["migrate", "status"], { databaseUrl: database.url });
    expect(status.output).toContain("Database schema is up to date!");
    expect(status.exitCode).toBe(0);
    expect(await historyRows(database.url)).toBe((await migrationNames(provider, root)).length);
  });

  it("upgrades a database migrated by the former runner, then adds a column with prisma migrate dev", async () => {
    const database = await scratchDatabase(provider, { isMigrated: false });
    const legacy = await migrateLikeTheLegacyRunner(database.url);
    expect((await runPrisma(["migrate", "status"], { databaseUrl: database.url })).output).toContain("Database schema is up to date!");
    const deploy = await runPrisma(["migrate", "deploy"], { databaseUrl: database.url });
    expect(deploy.output).toContain("No pending migrations to apply.");

    const project = await scratchProject();
    const schemaFile = schemaPath(provider, project);
    const schema = await readFile(schemaFile, "utf8");
    await writeFile(schemaFile, schema.replace(/(model Contact \{\n)/, "$1  loyaltyTier String?\n"));
    const dev = await runPrisma(["migrate", "dev", "--name", "contact_loyalty_tier"], { databaseUrl: database.url, root: project });
    expect(dev.output, dev.output).toMatch(/migrations have been generated and applied|Your database is now in sync/);
    const added = (await migrationNames(provider, project)).filter((name) => !legacy.includes(name));
    expect(added).toEqual([expect.stringMatching(/^\d{14}_contact_loyalty_tier$/)]);
    const sql = await readFile(path.join(migrationsDirectory(provider, project), added[0]!, "migration.sql"), "utf8");
    expect(sql).toMatch(/ALTER TABLE "Contact" ADD COLUMN\s+"loyaltyTier" TEXT/);
    expect((await runPrisma(["migrate", "status"], { databaseUrl: database.url, root: project })).output).toContain("Database schema is up to date!");
    expect(await historyRows(database.url)).toBe(legacy.length + 1);

    // db:check agrees with the new migration, and catches one edited by hand afterwards.
    const checkUrl = provider === "sqlite" ? `file:${path.join(project, "check.db")}` : postgresServerUrl!;
    expect(await checkMigrations(provider, checkUrl, project)).toEqual([]);
    await writeFile(path.join(migrationsDirectory(provider, project), added[0]!, "migration.sql"), `${sql}\nALTER TABLE "Contact" ADD COLUMN "nickname" TEXT;\n`);
    const problems = await checkMigrations(provider, checkUrl, project);
    expect(problems).toHaveLength(1);
    // The diff undoes the extra column: PostgreSQL drops it, SQLite redefines the table without it.
    expect(problems[0]).toMatch(/does not produce[\s\S]*"Contact"/);
  });

  it("empties the database and applies every migration again with prisma migrate reset", async () => {
    const database = await scratchDatabase(provider);
    await runSql(database.url, `INSERT INTO "SignInThrottle" ("key", "failures", "windowStartsAt", "updatedAt") VALUES ('reset-test', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)`);
    const reset = await runPrisma(["migrate", "reset", "--force"], { databaseUrl: database.url });
    expect(reset.exitCode, reset.output).toBe(0);
    expect(await runSql(database.url, `SELECT count(*) AS count FROM "SignInThrottle"`)).toEqual([{ count: 0 }]);
    expect(await historyRows(database.url)).toBe((await migrationNames(provider, root)).length);
  });

  it("refuses to serve until migrations are deployed", async () => {
    const database = await scratchDatabase(provider, { isMigrated: false });
    await expectServerRefusal(database.url, /no migrations applied yet\. Run `npm run db:deploy`/);
  });
});

describe("migration failures on SQLite", { timeout: PRISMA_TEST_TIMEOUT_MS }, () => {
  it("stops deploys and the server after a failed migration, and says how to resolve it", async () => {
    const project = await scratchProject();
    const database = await scratchDatabase("sqlite", { isMigrated: false });
    const broken = path.join(migrationsDirectory("sqlite", project), "29990101000000_broken");
    await cp(path.join(migrationsDirectory("sqlite", project), (await migrationNames("sqlite", project))[0]!), broken, { recursive: true });
    await writeFile(path.join(broken, "migration.sql"), `CREATE TABLE "Half" ("id" TEXT);\nINSERT INTO "NoSuchTable" VALUES (1);\n`);

    const first = await runPrisma(["migrate", "deploy"], { databaseUrl: database.url, root: project });
    expect(first.exitCode).not.toBe(0);
    const again = await runPrisma(["migrate", "deploy"], { databaseUrl: database.url, root: project });
    expect(again.exitCode).not.toBe(0);
    expect(again.output).toContain("P3009");
    await expectServerRefusal(database.url, /`29990101000000_broken` failed[\s\S]*prisma migrate resolve --rolled-back 29990101000000_broken/);

    const resolve = await runPrisma(["migrate", "resolve", "--rolled-back", "29990101000000_broken"], { databaseUrl: database.url, root: project });
    expect(resolve.exitCode, resolve.output).toBe(0);
  });

  it("refuses to serve a database whose applied migration was edited afterwards", async () => {
    const database = await scratchDatabase("sqlite");
    const { default: Database } = await import("better-sqlite3");
    const db = new Database(database.url.slice("file:".length));
    db.prepare(`UPDATE "_prisma_migrations" SET checksum = ? WHERE migration_name = ?`).run("0".repeat(64), (await migrationNames("sqlite", root))[0]);
    db.close();
    await expectServerRefusal(database.url, /was changed after it was applied[\s\S]*Restore its migration\.sql/);
  });
});

/** `npm run user:create` adding an admin to `databaseUrl` (async: this process keeps reading a server's output meanwhile). */
function userCreate(databaseUrl: string, email: string): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile("npm", ["run", "--silent", "user:create", "--", "--email", email, "--role", "admin"], { encoding: "utf8", env: { ...process.env, DATABASE_URL: databaseUrl }, timeout: 120_000 }, (error, stdout, stderr) =>
      resolve({ status: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin?.end("correct horse battery staple\n");
  });
}

describe("user:create and migrate on SQLite", { timeout: PRISMA_TEST_TIMEOUT_MS }, () => {
  it("beside a running CareDesk: migrate deploy says the file is locked and what to do; user:create adds the person without it", async () => {
    const database = await scratchDatabase("sqlite");
    const server = await startCareDeskServer({ env: { DATABASE_URL: database.url } });
    cleanups.push(() => server.stop());
    const deploy = await runPrisma(["migrate", "deploy"], { databaseUrl: database.url });
    expect(deploy.exitCode).not.toBe(0);
    expect(deploy.output).toContain("The SQLite database is locked: another process has the file open (a running CareDesk?)");
    expect(deploy.output).not.toContain("unknown variant");

    // The database is up to date, so user:create has no migration to apply and the lock is no matter.
    const email = `beside-${process.pid}@example.com`;
    const create = await userCreate(database.url, email);
    expect(create.stderr).not.toMatch(/error|locked/i);
    expect(create.stdout).toContain(`Added ${email} (admin)`);
    expect(await runSql(database.url, `SELECT count(*) AS count FROM "User" WHERE "email" = '${email}'`)).toEqual([{ count: 1 }]);
  });

  it("on a database nothing has served yet (its folder does not exist): user:create makes it, migrated, with the person", async () => {
    const directory = await mkdtemp(path.join(tmpdir(), "caredesk-first-admin-"));
    cleanups.push(() => rm(directory, { recursive: true, force: true }));
    const databaseUrl = `file:${path.join(directory, "new", "caredesk.db")}`;
    const create = await userCreate(databaseUrl, "first@example.com");
    expect(create.stderr).not.toMatch(/error|locked/i);
    expect(create.stdout).toContain("Added first@example.com (admin)");
    expect(await historyRows(databaseUrl)).toBe((await migrationNames("sqlite", root)).length);
    expect(await runSql(databaseUrl, `SELECT count(*) AS count FROM "User" WHERE "email" = 'first@example.com'`)).toEqual([{ count: 1 }]);
  });
});

describe.runIf(postgresServerUrl)("Prisma's advisory lock on PostgreSQL", { timeout: PRISMA_TEST_TIMEOUT_MS }, () => {
  it("lets concurrent deploys apply each migration once", async () => {
    const database = await scratchDatabase("postgresql", { isMigrated: false });
    const runs = await Promise.all([1, 2, 3].map(() => runPrisma(["migrate", "deploy"], { databaseUrl: database.url })));
    for (const run of runs) expect(run.exitCode, run.output).toBe(0);
    expect(await historyRows(database.url)).toBe((await migrationNames("postgresql", root)).length);
  });
});

describe("the schema engine stand-in", () => {
  const engine = path.join(root, "scripts/prisma-schema-engine/schema-engine.mjs");

  it("answers --version with the wasm engine's version", async () => {
    const { stdout } = await promisify(execFile)(engine, ["--version"]);
    const { version } = JSON.parse(await readFile(path.join(root, "node_modules/@prisma/schema-engine-wasm/package.json"), "utf8"));
    // The engine reports the commit it was built from, the version's last part.
    expect(stdout.trim()).toBe(`schema-engine-cli ${version.split(".").at(-1)}`);
  });

  it("reports a missing SQLite database as Prisma's P1003", async () => {
    const missing = path.join(tmpdir(), `caredesk-missing-${process.pid}.db`);
    const result = await promisify(execFile)(engine, ["--datasource", JSON.stringify({ url: `file:${missing}` }), "cli", "can-connect-to-database"]).then(
      () => ({ code: 0, stderr: "" }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(result.code).toBe(1);
    const line = JSON.parse(result.stderr.trim().split("\n").at(-1)!);
    expect(line).toMatchObject({ level: "ERROR", fields: { error_code: "P1003" } });
  });
});
