// npm run db:check: fails when prisma/schema.prisma, its PostgreSQL copy and either provider's
// migrations disagree, by asking Prisma itself (`prisma migrate diff --exit-code`: the migrations
// replayed on a shadow database against the schema). PostgreSQL is checked when a server is
// configured (TEST_DATABASE_URL, POSTGRES_URL or a postgresql:// DATABASE_URL); CI configures one.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { schemaPath, migrationsDirectory, type DatabaseProvider } from "../../lib/db/database-url";
import { postgresServerUrl } from "../postgres-server-url";
import { runCommand } from "../run-command";
import { derivePostgresSchema } from "./derive-postgres-schema";
import { runPrisma } from "./run-prisma";

/** Problems with one provider's migrations, as a person should read them; none when they agree. */
export async function checkMigrations(provider: DatabaseProvider, databaseUrl: string, root = process.cwd()): Promise<string[]> {
  const relative = (file: string) => path.relative(root, file);
  const run = await runPrisma(
    ["migrate", "diff", "--from-migrations", relative(migrationsDirectory(provider, root)), "--to-schema", relative(schemaPath(provider, root)), "--script", "--exit-code"],
    { databaseUrl, root },
  );
  if (run.exitCode === 0) return [];
  if (run.exitCode === 2) {
    return [
      `${relative(migrationsDirectory(provider, root))} does not produce ${relative(schemaPath(provider, root))}. ` +
        `Add a migration with \`prisma migrate dev\` (see "Changing the schema" in the README), or restore a hand-edited migration.sql. ` +
        `The difference:\n${run.output.replace(/^Loaded Prisma config.*\n/m, "").trim()}`,
    ];
  }
  return [`prisma migrate diff failed:\n${run.output.trim()}`];
}

/** Problems with the PostgreSQL schema copy, which `npm run db:schema` derives from the SQLite one. */
async function checkPostgresCopy(root = process.cwd()): Promise<string[]> {
  const derived = derivePostgresSchema(await readFile(schemaPath("sqlite", root), "utf8"));
  const copy = await readFile(schemaPath("postgresql", root), "utf8").catch(() => "");
  return copy === derived ? [] : ["prisma/postgres/schema.prisma is out of date: run `npm run db:schema`."];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await runCommand(async () => {
    const problems = await checkPostgresCopy();
    // The SQLite diff touches no database of yours: the datasource is a file in a temporary folder.
    const directory = await mkdtemp(path.join(tmpdir(), "caredesk-db-check-"));
    try {
      problems.push(...(await checkMigrations("sqlite", `file:${path.join(directory, "check.db")}`)).map((p) => `[sqlite] ${p}`));
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
    const serverUrl = postgresServerUrl();
    if (serverUrl) problems.push(...(await checkMigrations("postgresql", serverUrl)).map((p) => `[postgresql] ${p}`));
    else console.warn("PostgreSQL not checked: set TEST_DATABASE_URL to a PostgreSQL server to check it too.");
    if (problems.length) throw new Error(`Schema and migrations disagree:\n${problems.join("\n")}`);
    console.log(`Schema and migrations agree (sqlite${serverUrl ? ", postgresql" : ""}).`);
  });
}
