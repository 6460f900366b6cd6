// npm run db:schema [-- --check]: writes prisma/postgres/schema.prisma from prisma/schema.prisma,
// or with --check fails when the copy on disk is not what it would write.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { schemaPath } from "../../lib/db/database-url";
import { derivePostgresSchema } from "./derive-postgres-schema";

const isCheck = process.argv.includes("--check");
const expected = derivePostgresSchema(await readFile(schemaPath("sqlite"), "utf8"));
const target = schemaPath("postgresql");

if (isCheck) {
  const actual = await readFile(target, "utf8").catch(() => "");
  if (actual !== expected) {
    console.error(`${path.relative(process.cwd(), target)} is out of date: run \`npm run db:schema\` and commit the result.`);
    process.exit(1);
  }
  console.log("PostgreSQL schema copy matches prisma/schema.prisma.");
} else {
  await mkdir(path.dirname(target), { recursive: true });
  await writeFile(target, expected);
  console.log(`Wrote ${path.relative(process.cwd(), target)}.`);
}
