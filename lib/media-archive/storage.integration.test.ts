// Both storages, for real: a local directory and an S3-compatible server (s3rver) through the AWS
// SDK. Bytes must come back exactly (a checksum-framing bug once stored different bytes than sent).
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { buffer } from "node:stream/consumers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startS3Server, type S3Server } from "@/test/support/s3-server";
import { makeTempDirectory, type TempDirectory } from "@/test/support/temp-directory";
import { storageFromUrl, type MediaStorage } from "./storage";

let s3: S3Server;
let directory: TempDirectory;
const storages: Record<string, () => MediaStorage> = {
  "a local directory": () => storageFromUrl(`file:${directory.path}`),
  "an S3-compatible server": () => storageFromUrl(`s3://${s3.bucket}/tests`, { s3Endpoint: s3.endpoint, s3ForcePathStyle: true }),
};

beforeAll(async () => {
  process.env.AWS_ACCESS_KEY_ID = "S3RVER";
  process.env.AWS_SECRET_ACCESS_KEY = "S3RVER";
  s3 = await startS3Server();
  directory = makeTempDirectory("caredesk-storage-test");
});
afterAll(async () => {
  await s3?.stop();
  await directory?.remove();
});

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

describe.each(Object.keys(storages))("media storage in %s", (name) => {
  it("stores a streamed 12 MB object byte for byte, and reads a range of it", async () => {
    const storage = storages[name]!();
    const bytes = randomBytes(12 * 1024 * 1024);
    const key = `media/${randomBytes(6).toString("hex")}/original`;
    await storage.write(key, Readable.from([bytes.subarray(0, 5_000_000), bytes.subarray(5_000_000)]));
    expect(sha256(await buffer(await storage.read(key)))).toBe(sha256(bytes));
    expect((await buffer(await storage.read(key, { start: 1_000_000, end: 1_000_099 }))).equals(bytes.subarray(1_000_000, 1_000_100))).toBe(true);
    await storage.remove(key);
    await expect(storage.read(key).then(buffer)).rejects.toThrow();
    // Removing it again is not an error.
    await storage.remove(key);
  });

  it("leaves nothing under the key when the stream fails midway", async () => {
    const storage = storages[name]!();
    const key = `media/${randomBytes(6).toString("hex")}/original`;
    const failing = new Readable({
      read() {
        this.push(randomBytes(64 * 1024));
        this.destroy(new Error("upstream reset"));
      },
    });
    await expect(storage.write(key, failing)).rejects.toThrow();
    await expect(storage.read(key).then(buffer)).rejects.toThrow();
    if (name === "a local directory") expect((await readdir(directory.path, { recursive: true })).filter((entry) => entry.endsWith(".partial"))).toEqual([]);
  });

  it("lists the keys under a folder and nothing beside it", async () => {
    const storage = storages[name]!();
    const item = randomBytes(6).toString("hex");
    const keys = [`media/${item}/1-aaaa/original`, `media/${item}/2-bbbb/original`, `media/${item}/2-cccc/preview`];
    // A folder whose name starts like the item's: not under it.
    const beside = `media/${item}0/1-aaaa/original`;
    for (const key of [...keys, beside]) await storage.write(key, Readable.from([randomBytes(100)]));
    expect((await storage.list(`media/${item}/`)).sort()).toEqual(keys);
    expect(await storage.list(`media/${randomBytes(6).toString("hex")}/`)).toEqual([]);
    for (const key of keys) await storage.remove(key);
    expect(await storage.list(`media/${item}/`)).toEqual([]);
    expect(await storage.list(`media/${item}0/`)).toEqual([beside]);
  });
});

describe("media storage in a local directory", () => {
  it("lists what a crashed write left under the key it was writing, and removes it with the key", async () => {
    const storage = storages["a local directory"]!();
    const item = randomBytes(6).toString("hex");
    const key = `media/${item}/1-aaaa/original`;
    // What a write that never finished leaves: its partial file, and no file under the key.
    await storage.write(`media/${item}/1-aaaa/keep`, Readable.from([randomBytes(10)]));
    await writeFile(path.join(directory.path, "media", item, "1-aaaa", `original.${randomUUID()}.partial`), randomBytes(100));
    expect((await storage.list(`media/${item}/`)).sort()).toEqual([`media/${item}/1-aaaa/keep`, key]);
    await storage.remove(key);
    expect(await storage.list(`media/${item}/`)).toEqual([`media/${item}/1-aaaa/keep`]);
  });
});
