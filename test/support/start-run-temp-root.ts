// One temporary directory per test run, set as TMPDIR before any worker or server starts, so
// whatever the run's tests and servers leave behind is found (and removed) at the end.
import { mkdtempSync } from "node:fs";
import { readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

const ROOT_PREFIX = "caredesk-run-";

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Removes the roots of earlier runs that were killed before their teardown. */
async function removeAbandonedRoots(parent: string): Promise<void> {
  for (const name of await readdir(parent)) {
    const pid = Number(/^caredesk-run-(\d+)-/.exec(name)?.[1]);
    if (pid && pid !== process.pid && !isRunning(pid)) await rm(path.join(parent, name), { recursive: true, force: true });
  }
}

/** Moves TMPDIR; returns the teardown that fails the run over any private key left behind. */
export async function startRunTempRoot(): Promise<() => Promise<void>> {
  const previous = process.env.TMPDIR;
  await removeAbandonedRoots(tmpdir());
  const root = mkdtempSync(path.join(tmpdir(), `${ROOT_PREFIX}${process.pid}-`));
  process.env.TMPDIR = root;
  return async () => {
    const keys = (await readdir(root, { recursive: true })).filter((entry) => path.basename(entry) === "private.key");
    process.env.TMPDIR = previous;
    await rm(root, { recursive: true, force: true, maxRetries: 3 });
    if (keys.length > 0) throw new Error(`The test run left private keys in its temporary directories: ${keys.join(", ")}; whoever made them must remove them.`);
  };
}
