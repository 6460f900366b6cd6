// npm run db:check: fails when prisma/schema.prisma, its PostgreSQL copy and the migrations of
// either provider disagree. PostgreSQL is checked when a server is configured (TEST_DATABASE_URL,
// POSTGRES_URL or a postgresql:// DATABASE_URL); CI always configures one.
import { readFile } from "node:fs/promises";
import { schemaPath } from "../lib/db/database-url";
import { derivePostgresSchema } from "../lib/db/derive-postgres-schema";
import { checkMigrations } from "../lib/db/migrations/check-migrations";
import { postgresServerUrl } from "./postgres-server-url";
import { runCommand } from "./run-command";

await runCommand(async () => {
  const problems: string[] = [];
  const derived = derivePostgresSchema(await readFile(schemaPath("sqlite"), "utf8"));
  if ((await readFile(schemaPath("postgresql"), "utf8").catch(() => "")) !== derived) {
    problems.push("prisma/postgres/schema.prisma is out of date: run `npm run db:schema`.");
  }
  problems.push(...(await checkMigrations("sqlite")).map((p) => `[sqlite] ${p}`));
  const serverUrl = postgresServerUrl();
  if (serverUrl) {
    problems.push(...(await checkMigrations("postgresql", { postgresServerUrl: serverUrl })).map((p) => `[postgresql] ${p}`));
  } else {
    console.warn("PostgreSQL not checked: set TEST_DATABASE_URL to a PostgreSQL server to check it too.");
  }
  if (problems.length) throw new Error(`Schema and migrations disagree:\n${problems.join("\n")}`);
  console.log(`Schema and migrations agree (sqlite${serverUrl ? ", postgresql" : ""}).`);
});
