// npm run db:generate (also run after npm install): generates the Prisma clients for both
// providers without network. Prisma's CLI otherwise tries to download its native schema engine
// first, which generate does not need; pointing it at any existing file skips the download.
import { spawnSync } from "node:child_process";

const env = {
  ...process.env,
  PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? "/bin/false",
  CHECKPOINT_DISABLE: "1",
  PRISMA_HIDE_UPDATE_MESSAGE: "1",
};

for (const schema of ["prisma/schema.prisma", "prisma/postgres/schema.prisma"]) {
  const result = spawnSync("npx", ["prisma", "generate", "--schema", schema], { stdio: "inherit", env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
