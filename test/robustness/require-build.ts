// Vitest global setup for the robustness suite: its servers are `next start` on the build, each on
// a copy of a database migrated once per provider.
import { existsSync } from "node:fs";
import path from "node:path";
import { testedProviders, postgresServerUrl } from "../support/providers";
import { prepareMigratedTemplates } from "../support/scratch-database";

export default async function requireBuild() {
  if (!existsSync(path.join(process.cwd(), ".next", "BUILD_ID"))) {
    throw new Error("The robustness tests run against `next start`: run `npm run build` first.");
  }
  return prepareMigratedTemplates(testedProviders, postgresServerUrl);
}
