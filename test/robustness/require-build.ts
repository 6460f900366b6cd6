// Vitest global setup for the robustness suite: its servers are `next start` on the build, and
// the run gets a temporary directory of its own (checked and removed at the end).
import { existsSync } from "node:fs";
import path from "node:path";
import { startRunTempRoot } from "../support/start-run-temp-root";

export default async function requireBuild() {
  if (!existsSync(path.join(process.cwd(), ".next", "BUILD_ID"))) {
    throw new Error("The robustness tests run against `next start`: run `npm run build` first.");
  }
  return await startRunTempRoot();
}
