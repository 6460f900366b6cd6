// Vitest global setup for the cluster suite: its clusters run `next start` on the build, and the run
// gets a temporary directory of its own (checked for private keys and removed at the end).
import { existsSync } from "node:fs";
import path from "node:path";
import { startRunTempRoot } from "../support/start-run-temp-root";

export default async function setUpClusterRun() {
  if (!existsSync(path.join(process.cwd(), ".next", "BUILD_ID"))) {
    throw new Error("The cluster tests run against `next start`: run `npm run build` first.");
  }
  return startRunTempRoot();
}
