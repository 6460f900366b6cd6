// `npm run db:check`: proves the migrations and the schema agree, for one provider. Three checks:
// the folders of both providers hold the same migrations; no schema change is waiting for a
// migration; and the migrations, applied to an empty database, build exactly the database the
// schema describes (so a hand-edited migration.sql is caught too).
import { isDeepStrictEqual } from "node:util";
import { migrationsDirectory, schemaPath, type DatabaseProvider } from "../database-url";
import { describeDatabase } from "../describe-database";
import { diffSchemas, isEmptyMigration } from "../schema-engine";
import { createScratchDatabase } from "../../../test/support/scratch-database";
import { applyMigrations } from "./apply-migrations";
import { pendingSchemaChange } from "./create-migration";
import { readMigrations } from "./read-migrations";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

export async function checkMigrations(
  provider: DatabaseProvider,
  options: { root?: string; postgresServerUrl?: string } = {},
): Promise<string[]> {
  const root = options.root ?? process.cwd();
  const problems: string[] = [];

  const names = async (p: DatabaseProvider) => (await readMigrations(migrationsDirectory(p, root))).map((m) => m.name);
  const [own, other] = await Promise.all([names(provider), names(provider === "sqlite" ? "postgresql" : "sqlite")]);
  if (!isDeepStrictEqual(own, other)) {
    problems.push(`The SQLite and PostgreSQL migration folders differ (${own.join(", ")} vs ${other.join(", ")}): create migrations with \`npm run db:diff\`.`);
  }

  const pending = await pendingSchemaChange(provider, options);
  if (!isEmptyMigration(pending)) {
    problems.push(`prisma/schema.prisma has changes no migration contains: run \`npm run db:diff -- --name <what_changed>\`.\n${pending}`);
  }

  const migrated = await createScratchDatabase(provider, { postgresServerUrl: options.postgresServerUrl, prefix: "caredesk_check" });
  const direct = await createScratchDatabase(provider, { postgresServerUrl: options.postgresServerUrl, prefix: "caredesk_check" });
  const directFolder = await mkdtemp(path.join(tmpdir(), "caredesk-direct-"));
  try {
    await applyMigrations(migrated.url, { root });
    const fullSql = await diffSchemas(provider, { tag: "empty" }, { tag: "schema", path: schemaPath(provider, root) }, {
      connectionUrl: provider === "postgresql" ? options.postgresServerUrl : undefined,
    });
    await mkdir(path.join(directFolder, "0_schema"));
    await writeFile(path.join(directFolder, "0_schema", "migration.sql"), fullSql);
    await applyMigrations(direct.url, { directory: directFolder });
    const [fromMigrations, fromSchema] = await Promise.all([describeDatabase(migrated.url), describeDatabase(direct.url)]);
    if (!isDeepStrictEqual(fromMigrations, fromSchema)) {
      problems.push(
        `Applying the ${provider} migrations does not build the database prisma/schema.prisma describes:\n` +
          JSON.stringify({ fromMigrations, fromSchema }, null, 1).slice(0, 4000),
      );
    }
  } finally {
    await Promise.all([migrated.drop(), direct.drop(), rm(directFolder, { recursive: true, force: true })]);
  }
  return problems;
}
