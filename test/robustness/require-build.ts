// Vitest global setup for the robustness suite: its servers are `next start` on the build.
import { existsSync } from "node:fs";
import path from "node:path";

export default function requireBuild() {
  if (!existsSync(path.join(process.cwd(), ".next", "BUILD_ID"))) {
    throw new Error("The robustness tests run against `next start`: run `npm run build` first.");
  }
}
