// Temporary directories of tests, benchmarks and the demo. Whoever makes one removes it when done
// (stop, drop); any still there when the process exits is removed then, so a test that failed
// half-way leaves no private key or database behind.
import { mkdtempSync, rmSync } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

export type TempDirectory = { path: string; remove(): Promise<void> };

const leftAtExit = new Set<string>();
let isExitHookSet = false;

function removeAllNow() {
  for (const directory of leftAtExit) rmSync(directory, { recursive: true, force: true });
  leftAtExit.clear();
}

/** A new directory under the system's temporary directory, named `<prefix>-XXXXXX`. */
export function makeTempDirectory(prefix: string): TempDirectory {
  const directory = mkdtempSync(path.join(tmpdir(), `${prefix}-`));
  if (!isExitHookSet) {
    process.on("exit", removeAllNow);
    isExitHookSet = true;
  }
  leftAtExit.add(directory);
  return {
    path: directory,
    async remove() {
      leftAtExit.delete(directory);
      await rm(directory, { recursive: true, force: true });
    },
  };
}
