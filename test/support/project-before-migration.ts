// A copy of the project's Prisma set-up that knows only the migrations before a given one: deploying
// it gives a database as an older CareDesk left it, to test an upgrade from.
import { copyFile, cp, mkdir, readdir, symlink } from "node:fs/promises";
import path from "node:path";
import { migrationsDirectory } from "@/lib/db/database-url";

/** Writes the set-up into `directory`; `firstNewMigration` matches the name of the first migration left out. */
export async function projectBeforeMigration(directory: string, provider: "sqlite" | "postgresql", firstNewMigration: RegExp): Promise<void> {
  const root = process.cwd();
  for (const name of ["node_modules", "lib", "scripts"]) await symlink(path.join(root, name), path.join(directory, name));
  await copyFile(path.join(root, "prisma.config.ts"), path.join(directory, "prisma.config.ts"));
  await copyFile(path.join(root, "package.json"), path.join(directory, "package.json"));
  const source = migrationsDirectory(provider, root);
  const target = migrationsDirectory(provider, directory);
  await mkdir(target, { recursive: true });
  await copyFile(path.join(source, "..", "schema.prisma"), path.join(target, "..", "schema.prisma"));
  const entries = (await readdir(source, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
  const firstNew = entries.findIndex((entry) => firstNewMigration.test(entry.name));
  if (firstNew <= 0) throw new Error(`No migration before one matching ${firstNewMigration}`);
  for (const [index, entry] of entries.entries()) {
    if (entry.isDirectory() && index >= firstNew) continue;
    // Copied, not linked: Prisma does not follow a linked migration folder.
    await cp(path.join(source, entry.name), path.join(target, entry.name), { recursive: true });
  }
}
