// npm run db:diff -- --name NAME: writes a new migration (SQLite and PostgreSQL) for the changes
// made to prisma/schema.prisma since the last one. PostgreSQL diffs need a running server:
// POSTGRES_URL, TEST_DATABASE_URL or a postgresql:// DATABASE_URL (nothing is written to it).
import { createMigration } from "../lib/db/migrations/create-migration";
import { postgresServerUrl } from "./postgres-server-url";
import { runCommand } from "./run-command";

await runCommand(async () => {
  const nameIndex = process.argv.indexOf("--name");
  const name = nameIndex > 0 ? process.argv[nameIndex + 1] : undefined;
  if (!name) throw new Error("Usage: npm run db:diff -- --name what_changed");
  const serverUrl = postgresServerUrl();
  if (!serverUrl) throw new Error("Set TEST_DATABASE_URL (or POSTGRES_URL) to a PostgreSQL server: the PostgreSQL diff needs one.");
  const folder = await createMigration(name, { postgresServerUrl: serverUrl });
  console.log(folder ? `Wrote migration ${folder} for SQLite and PostgreSQL.` : "No schema changes: nothing written.");
});
