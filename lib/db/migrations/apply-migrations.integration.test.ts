import { cp, mkdtemp, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { createScratchDatabase, type ScratchDatabase } from "../../../test/support/scratch-database";
import { startCareDeskServer } from "../../../test/support/start-server";
import { postgresServerUrl, testedProviders } from "../../../test/support/providers";
import { migrationsDirectory, parseDatabaseUrl, type DatabaseProvider } from "../database-url";
import { applyMigrations, markMigrationRolledBack } from "./apply-migrations";
import { checkMigrations } from "./check-migrations";
import { checksumOf, readMigrations } from "./read-migrations";

type Row = Record<string, unknown>;

async function migrationRows(url: string): Promise<Row[]> {
  const target = parseDatabaseUrl(url);
  if (target.provider === "sqlite") {
    const db = new Database(target.filePath, { readonly: true });
    try {
      return db.prepare(`SELECT * FROM "_prisma_migrations" ORDER BY started_at`).all() as Row[];
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(`SELECT * FROM "_prisma_migrations" ORDER BY started_at`)).rows;
  } finally {
    await client.end();
  }
}

/** A copy of the project's prisma/ folder that a test may change. */
async function copyOfPrismaFolder(): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), "caredesk-prisma-copy-"));
  await cp(path.join(process.cwd(), "prisma"), path.join(root, "prisma"), { recursive: true });
  return root;
}

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

async function scratch(provider: DatabaseProvider): Promise<ScratchDatabase> {
  const database = await createScratchDatabase(provider, { postgresServerUrl, prefix: "caredesk_migtest" });
  cleanups.push(() => database.drop());
  return database;
}

describe.each(testedProviders)("migrations on %s", (provider) => {
  it("applies every migration to an empty database and records them as Prisma does", async () => {
    const database = await scratch(provider);
    const files = await readMigrations(migrationsDirectory(provider));
    expect(files.length).toBeGreaterThan(0);

    const before = Date.now();
    const report = await applyMigrations(database.url);
    expect(report.applied).toEqual(files.map((file) => file.name));

    const rows = await migrationRows(database.url);
    expect(rows.map((row) => row.migration_name)).toEqual(files.map((file) => file.name));
    for (const [index, row] of rows.entries()) {
      expect(row.checksum).toBe(checksumOf(await readFile(path.join(migrationsDirectory(provider), files[index]!.name, "migration.sql"), "utf8")));
      expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(row.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(Number(row.applied_steps_count)).toBe(1);
      expect(row.logs).toBeNull();
      expect(row.rolled_back_at).toBeNull();
      // Prisma stores SQLite timestamps as epoch milliseconds.
      const finishedAt = provider === "sqlite" ? Number(row.finished_at) : (row.finished_at as Date).getTime();
      expect(finishedAt).toBeGreaterThanOrEqual(before - 1000);
    }
  });

  it("builds exactly the database the schema describes, and a second run changes nothing", async () => {
    expect(await checkMigrations(provider, { postgresServerUrl })).toEqual([]);
    const database = await scratch(provider);
    await applyMigrations(database.url);
    const rowsAfterFirst = await migrationRows(database.url);
    const again = await applyMigrations(database.url);
    expect(again.applied).toEqual([]);
    expect(again.alreadyApplied).toBe(rowsAfterFirst.length);
    expect(await migrationRows(database.url)).toEqual(rowsAfterFirst);
  });

  it("db:check catches a migration.sql edited by hand", async () => {
    const root = await copyOfPrismaFolder();
    cleanups.push(() => rm(root, { recursive: true, force: true }));
    const [first] = await readMigrations(migrationsDirectory(provider, root));
    const file = path.join(migrationsDirectory(provider, root), first!.name, "migration.sql");
    const sql = await readFile(file, "utf8");
    // Someone "fixed" a migration by hand: an index the schema does not have.
    await writeFile(file, `${sql}\nCREATE INDEX "Contact_address_idx" ON "Contact"("address");\n`);
    const problems = await checkMigrations(provider, { root, postgresServerUrl });
    expect(problems.join("\n")).toMatch(/does not build the database prisma\/schema.prisma describes/);
  });

  it("db:check catches a schema change that no migration contains", async () => {
    const root = await copyOfPrismaFolder();
    cleanups.push(() => rm(root, { recursive: true, force: true }));
    const schemaFile = path.join(root, "prisma", provider === "sqlite" ? "schema.prisma" : "postgres/schema.prisma");
    const schema = await readFile(schemaFile, "utf8");
    await writeFile(schemaFile, schema.replace("  lastSignInAt   DateTime?\n", "  lastSignInAt   DateTime?\n  nickname String?\n"));
    const problems = await checkMigrations(provider, { root, postgresServerUrl });
    expect(problems.join("\n")).toMatch(/has changes no migration contains[\s\S]*nickname/);
  });

  it("refuses to go on when an applied migration was changed afterwards", async () => {
    const root = await copyOfPrismaFolder();
    cleanups.push(() => rm(root, { recursive: true, force: true }));
    const database = await scratch(provider);
    await applyMigrations(database.url, { root });
    const [first] = await readMigrations(migrationsDirectory(provider, root));
    const file = path.join(migrationsDirectory(provider, root), first!.name, "migration.sql");
    await writeFile(file, (await readFile(file, "utf8")) + "\n-- tampered\n");
    await expect(applyMigrations(database.url, { root })).rejects.toThrow(
      new RegExp(`Migration \`${first!.name}\` was changed after it was applied`),
    );
  });

  it("records a failed migration, refuses to continue, and recovers once it is marked rolled back", async () => {
    const root = await copyOfPrismaFolder();
    cleanups.push(() => rm(root, { recursive: true, force: true }));
    const database = await scratch(provider);
    const broken = path.join(migrationsDirectory(provider, root), "99990101000000_broken");
    await mkdir(broken);
    await writeFile(path.join(broken, "migration.sql"), `CREATE TABLE "Broken" ("id" TEXT);\nSELECT * FROM "NoSuchTable";\n`);

    await expect(applyMigrations(database.url, { root })).rejects.toThrow(/Migration `99990101000000_broken` failed: Database error: .*NoSuchTable/);
    const failed = (await migrationRows(database.url)).find((row) => row.migration_name === "99990101000000_broken")!;
    expect(failed.finished_at).toBeNull();
    expect(failed.rolled_back_at).toBeNull();
    expect(failed.logs).toMatch(/NoSuchTable/);

    await expect(applyMigrations(database.url, { root })).rejects.toThrow(
      /Migration `99990101000000_broken` failed .* will not start on a half-migrated database.*--rolled-back 99990101000000_broken/s,
    );

    // The operator repairs the database and the migration, then marks the failure rolled back.
    await writeFile(path.join(broken, "migration.sql"), `CREATE TABLE "Repaired" ("id" TEXT);\n`);
    if (provider === "sqlite") {
      const target = parseDatabaseUrl(database.url);
      const db = new Database(target.provider === "sqlite" ? target.filePath : "");
      db.exec(`DROP TABLE IF EXISTS "Broken"`);
      db.close();
    }
    await markMigrationRolledBack(database.url, "99990101000000_broken");
    const report = await applyMigrations(database.url, { root });
    expect(report.applied).toEqual(["99990101000000_broken"]);
    await expect(markMigrationRolledBack(database.url, "no_such_migration")).rejects.toThrow(/No failed migration named/);
  });

  it("refuses a non-empty database that has no migration history", async () => {
    const database = await scratch(provider);
    const root = await mkdtemp(path.join(tmpdir(), "caredesk-foreign-"));
    cleanups.push(() => rm(root, { recursive: true, force: true }));
    await mkdir(path.join(root, "0_foreign"));
    await writeFile(path.join(root, "0_foreign", "migration.sql"), `CREATE TABLE "Foreign" ("id" TEXT);`);
    await applyMigrations(database.url, { directory: root });
    // Simulate a database some other tool made: drop the history, keep the table.
    const target = parseDatabaseUrl(database.url);
    if (target.provider === "sqlite") {
      const db = new Database(target.filePath);
      db.exec(`DROP TABLE "_prisma_migrations"`);
      db.close();
    } else {
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      await client.query(`DROP TABLE "_prisma_migrations"`);
      await client.end();
    }
    await expect(applyMigrations(database.url)).rejects.toThrow(/not empty and has no migration history/);
  });

  it("the server refuses to start on a failed migration and says what to do", async () => {
    const database = await scratch(provider);
    await applyMigrations(database.url);
    const url = database.url;
    // Record a failed migration as Prisma would after a crash mid-way.
    const target = parseDatabaseUrl(url);
    const insert = `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, logs, started_at, applied_steps_count)
                    VALUES ('00000000-0000-4000-8000-000000000000', 'x', '99990101000000_half_done', 'boom', ${provider === "sqlite" ? Date.now() : "now()"}, 0)`;
    if (target.provider === "sqlite") {
      const db = new Database(target.filePath);
      db.exec(insert);
      db.close();
    } else {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(insert);
      await client.end();
    }
    const start = startCareDeskServer({ env: { DATABASE_URL: url }, timeoutMs: 30_000 });
    const error = await start.then(
      (server) => server.stop().then(() => null),
      (failure: Error) => failure,
    );
    expect(error?.message).toMatch(/exited with code 1 before it was ready; see (.*)/);
    const logFile = /see (.*)$/.exec(error!.message)![1]!;
    const log = await readFile(logFile, "utf8");
    expect(log).toContain("CareDesk cannot start.");
    expect(log).toContain("Migration `99990101000000_half_done` failed");
    expect(log).toContain("npm run db:migrate -- --rolled-back 99990101000000_half_done");
  });
});

describe("migrations on sqlite, concurrently", () => {
  it("two runners on one file take turns: each migration is applied once", async () => {
    const database = await scratch("sqlite");
    const [a, b] = await Promise.all([applyMigrations(database.url), applyMigrations(database.url)]);
    const files = await readMigrations(migrationsDirectory("sqlite"));
    expect([...a.applied, ...b.applied]).toEqual(files.map((file) => file.name));
    expect(await migrationRows(database.url)).toHaveLength(files.length);
  });
});

describe.runIf(postgresServerUrl)("migrations on postgresql, concurrently", () => {
  it("serialises two runners with Prisma's advisory lock: each migration is applied once", async () => {
    const database = await scratch("postgresql");
    const [a, b] = await Promise.all([applyMigrations(database.url), applyMigrations(database.url)]);
    const files = await readMigrations(migrationsDirectory("postgresql"));
    expect([...a.applied, ...b.applied]).toEqual(files.map((file) => file.name));
    expect(await migrationRows(database.url)).toHaveLength(files.length);
  });
});
