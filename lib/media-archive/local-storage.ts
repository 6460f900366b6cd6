// Archived files in a local directory: written to a temporary name and renamed into place, so a
// crash mid-copy leaves no partial file under a real key. The next write of that key sweeps what
// a crashed writer left (only one writer holds a key at a time: the archiver's claim).
import "server-only";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, readdir, rename, rm } from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { randomUUID } from "node:crypto";
import type { MediaStorage } from "./storage";

/** Keys are CareDesk's own ("media/<id>/original"): never a path a caller chose. */
function pathFor(root: string, key: string): string {
  if (!/^[a-z0-9][a-z0-9/_-]*$/.test(key) || key.includes("//")) throw new Error(`Not a storage key: ${key}`);
  return path.join(root, ...key.split("/"));
}

/** The partial files of earlier writes of `target` that never finished (the writer crashed). */
async function removeLeftovers(target: string) {
  const prefix = `${path.basename(target)}.`;
  const entries = await readdir(path.dirname(target));
  await Promise.all(entries.filter((name) => name.startsWith(prefix) && name.endsWith(".partial")).map((name) => rm(path.join(path.dirname(target), name), { force: true })));
}

export function localDirectoryStorage(directory: string): MediaStorage {
  const root = path.resolve(directory);
  return {
    description: `local directory ${root}`,
    async write(key, body) {
      const target = pathFor(root, key);
      await mkdir(path.dirname(target), { recursive: true });
      await removeLeftovers(target);
      const partial = `${target}.${randomUUID()}.partial`;
      try {
        await pipeline(body, createWriteStream(partial, { flags: "wx" }));
        await rename(partial, target);
      } catch (error) {
        await rm(partial, { force: true });
        throw error;
      }
    },
    async read(key, range) {
      // 1 MiB reads: at the default 64 KiB, the read calls cost more than the decryption.
      const stream = createReadStream(pathFor(root, key), { highWaterMark: 1024 * 1024, ...(range ? { start: range.start, end: range.end } : {}) });
      // Opening fails asynchronously: wait for it, so a missing file is an error here, not mid-response.
      await new Promise<void>((resolve, reject) => {
        stream.once("open", () => resolve());
        stream.once("error", reject);
      });
      return stream;
    },
    async remove(key) {
      await rm(pathFor(root, key), { force: true });
    },
  };
}
