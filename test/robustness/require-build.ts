// Vitest global setup for the robustness suite: its servers are `next start` on the build, each on
// a copy of a database migrated once per provider, and the run gets a temporary directory of its
// own (checked and removed at the end).
import { existsSync } from "node:fs";
import path from "node:path";
import { postgresServerUrl, testedProviders } from "../support/providers";
import { prepareMigratedTemplates } from "../support/scratch-database";
import { startRunTempRoot } from "../support/start-run-temp-root";

export default async function requireBuild() {
  if (!existsSync(path.join(process.cwd(), ".next", "BUILD_ID"))) {
    throw new Error("The robustness tests run against `next start`: run `npm run build` first.");
  }
  const checkTempRoot = await startRunTempRoot();
  const dropTemplates = await prepareMigratedTemplates(testedProviders, postgresServerUrl).catch(async (error) => {
    await checkTempRoot();
    throw error;
  });
  return async () => {
    await dropTemplates();
    await checkTempRoot();
  };
}
