// Archived files in a local directory: written to a temporary name and renamed into place, so a
// crash mid-copy leaves no partial file under a real key. Each write has a key of its own
// (storage-key.ts); what a crashed writer left beside its key goes when that key is removed.
import "server-only";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, readdir, rename, rm } from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { randomUUID } from "node:crypto";
import type { MediaStorage } from "./storage";

const PARTIAL = /\.[0-9a-f-]{36}\.partial$/;

/** Keys are CareDesk's own ("media/<id>/<attempt>-<random>/original"): never a path a caller chose. */
function pathFor(root: string, key: string): string {
  if (!/^[a-z0-9][a-z0-9/_-]*$/.test(key) || key.includes("//")) throw new Error(`Not a storage key: ${key}`);
  return path.join(root, ...key.split("/"));
}

function isMissing(error: unknown): boolean {
  return (error as { code?: unknown }).code === "ENOENT";
}

/** Every file under `directory`, at any depth; none when it does not exist. */
async function filesUnder(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true }).catch((error: unknown) => {
    if (isMissing(error)) return [];
    throw error;
  });
  const nested = await Promise.all(entries.map((entry) => (entry.isDirectory() ? filesUnder(path.join(directory, entry.name)) : [path.join(directory, entry.name)])));
  return nested.flat();
}

export function localDirectoryStorage(directory: string): MediaStorage {
  const root = path.resolve(directory);
  return {
    description: `local directory ${root}`,
    async write(key, body) {
      const target = pathFor(root, key);
      await mkdir(path.dirname(target), { recursive: true });
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
      const target = pathFor(root, key);
      const leftovers = (await readdir(path.dirname(target)).catch(() => [] as string[])).filter(
        (name) => name.startsWith(`${path.basename(target)}.`) && PARTIAL.test(name),
      );
      await Promise.all([target, ...leftovers.map((name) => path.join(path.dirname(target), name))].map((file) => rm(file, { force: true })));
    },
    async list(folder) {
      if (!folder.endsWith("/")) throw new Error(`Not a storage folder: ${folder}`);
      const files = await filesUnder(pathFor(root, folder.slice(0, -1)));
      const keys = files.map((file) => path.relative(root, file).split(path.sep).join("/").replace(PARTIAL, ""));
      return [...new Set(keys)];
    },
  };
}
