// npm run db:schema: writes prisma/postgres/schema.prisma from prisma/schema.prisma (then the npm
// script regenerates both clients). `npm run db:check` fails while the copy is out of date.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { schemaPath } from "../../lib/db/database-url";
import { derivePostgresSchema } from "./derive-postgres-schema";

const target = schemaPath("postgresql");
await mkdir(path.dirname(target), { recursive: true });
await writeFile(target, derivePostgresSchema(await readFile(schemaPath("sqlite"), "utf8")));
console.log(`Wrote ${path.relative(process.cwd(), target)}.`);
