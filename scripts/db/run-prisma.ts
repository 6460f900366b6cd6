// Runs Prisma's own CLI (`prisma migrate deploy`, `migrate diff`, …) as a child process against
// the database DATABASE_URL names; prisma.config.ts picks that provider's schema and migrations.
import { spawn } from "node:child_process";
import path from "node:path";

export type PrismaRun = { exitCode: number; output: string };

export async function runPrisma(args: string[], options: { databaseUrl: string; root?: string }): Promise<PrismaRun> {
  const root = options.root ?? process.cwd();
  const child = spawn(process.execPath, [path.join(root, "node_modules/prisma/build/index.js"), ...args], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: options.databaseUrl, CHECKPOINT_DISABLE: "1", PRISMA_HIDE_UPDATE_MESSAGE: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk));
  const exitCode = await new Promise<number>((resolve, reject) => {
    child.once("error", reject);
    // "close", not "exit": only then has all of the output been read.
    child.once("close", (code) => resolve(code ?? 1));
  });
  return { exitCode, output };
}

/** `prisma migrate deploy`: applies pending migrations, or throws with what Prisma said. */
export async function deployMigrations(databaseUrl: string, options: { root?: string } = {}): Promise<void> {
  const run = await runPrisma(["migrate", "deploy"], { databaseUrl, root: options.root });
  if (run.exitCode !== 0) throw new Error(`prisma migrate deploy failed:\n${run.output.trim()}`);
}
