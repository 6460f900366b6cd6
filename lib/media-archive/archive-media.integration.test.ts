// Archive-on-arrival against real servers: `next start` instances, the Vonage media stand-in, a
// local directory or an S3-compatible server, on each tested database. What a copy leaves must
// decrypt to exactly the bytes Vonage served.
import { randomBytes, randomUUID } from "node:crypto";
import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { buffer } from "node:stream/consumers";
import { ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/db";
import { reloadEnv } from "@/lib/env";
import { startMediaStack, type MediaStack } from "@/test/support/media-stack";
import { postgresServerUrl, testedProviders } from "@/test/support/providers";
import { startS3Server, type S3Server } from "@/test/support/s3-server";
import { makeTempDirectory, type TempDirectory } from "@/test/support/temp-directory";
import { decryptingStream, storedRangeFor } from "./encrypted-file";
import { unwrapFileKey } from "./master-keys";
import { storageFromUrl, type MediaStorage } from "./storage";

const MASTER_KEY = `test-1:${randomBytes(32).toString("base64")}`;
const LEASE_SECONDS = 3;
const MAX_BYTES = 1_000_000;
const ARCHIVE_ENV = { MEDIA_ENCRYPTION_KEY: MASTER_KEY, MEDIA_ARCHIVE_LEASE_SECONDS: String(LEASE_SECONDS), MEDIA_ARCHIVE_MAX_BYTES: String(MAX_BYTES) };
/** The fake trickles 1 KB every 50 ms: about 20 KB a second. */
const TRICKLE_BYTES_PER_SECOND = 20 * 1024;

let s3: S3Server;
beforeAll(async () => {
  // This process unwraps file keys to check what was stored, and reads the S3 test server.
  process.env.MEDIA_ENCRYPTION_KEY = MASTER_KEY;
  Object.assign(process.env, { AWS_ACCESS_KEY_ID: "S3RVER", AWS_SECRET_ACCESS_KEY: "S3RVER", AWS_REGION: "us-east-1" });
  reloadEnv();
  s3 = await startS3Server();
});
afterAll(async () => {
  await s3?.stop();
});

async function waitFor<T>(read: () => Promise<T>, isDone: (value: T) => boolean, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (isDone(value)) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}; last: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function stateOf(db: Db, mediaItemId: string) {
  return db.mediaItem.findUniqueOrThrow({
    where: { id: mediaItemId },
    select: { archiveState: true, archiveAttempts: true, archiveError: true, archiveNextAttemptAt: true, archiveLeaseUntil: true, contentType: true, sizeBytes: true },
  });
}

function waitForState(db: Db, mediaItemId: string, state: string, timeoutMs = 20_000) {
  return waitFor(() => stateOf(db, mediaItemId), (item) => item.archiveState === state, timeoutMs, `media ${mediaItemId} to be ${state}`);
}

/** The archived original, decrypted as the serving side would: unwrap its key, then each segment. */
async function readArchived(db: Db, storage: MediaStorage, mediaItemId: string): Promise<Buffer> {
  const file = await db.storedFile.findUniqueOrThrow({ where: { mediaItemId_variant: { mediaItemId, variant: "original" } } });
  const key = unwrapFileKey({ wrappedKey: file.wrappedKey, keyId: file.keyId }, file.storageKey);
  const range = { start: 0, end: file.plainBytes - 1 };
  const { storedStart, storedEnd } = storedRangeFor(range, file.plainBytes, file.segmentBytes);
  const decrypting = decryptingStream(key, { range, plainBytes: file.plainBytes, segmentBytes: file.segmentBytes });
  const [plain] = await Promise.all([buffer(decrypting), pipeline(await storage.read(file.storageKey, { start: storedStart, end: storedEnd }), decrypting)]);
  return plain;
}

/** `leftovers`: the keys of every file or object under the item's folder, as storage holds them (partial files too). */
type StorageUnderTest = { name: string; env: Record<string, string>; storage: MediaStorage; leftovers(mediaItemId: string): Promise<string[]>; remove(): Promise<void> };

function localStorageUnderTest(): StorageUnderTest {
  const directory: TempDirectory = makeTempDirectory("caredesk-archive");
  return {
    name: "a local directory",
    env: { MEDIA_STORAGE_URL: `file:${directory.path}` },
    storage: storageFromUrl(`file:${directory.path}`),
    async leftovers(mediaItemId) {
      const entries = await readdir(path.join(directory.path, "media", mediaItemId), { recursive: true, withFileTypes: true }).catch(() => []);
      return entries.filter((entry) => entry.isFile()).map((entry) => path.relative(directory.path, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"));
    },
    remove: () => directory.remove(),
  };
}

function s3StorageUnderTest(): StorageUnderTest {
  const prefix = `archive-${randomBytes(4).toString("hex")}`;
  const client = new S3Client({ endpoint: s3.endpoint, forcePathStyle: true, region: "us-east-1" });
  return {
    name: "an S3-compatible server",
    env: s3.env(prefix),
    storage: storageFromUrl(`s3://${s3.bucket}/${prefix}`, { s3Endpoint: s3.endpoint, s3ForcePathStyle: true }),
    async leftovers(mediaItemId) {
      const listed = await client.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: `${prefix}/media/${mediaItemId}/` }));
      return (listed.Contents ?? []).map((object) => object.Key!.slice(prefix.length + 1));
    },
    remove: async () => client.destroy(),
  };
}

/** Every object or file the copies left for the item that no StoredFile row names (a partial file included). */
async function strayFiles(db: Db, target: StorageUnderTest, mediaItemId: string): Promise<string[]> {
  const recorded = new Set((await db.storedFile.findMany({ where: { mediaItemId }, select: { storageKey: true } })).map((file) => file.storageKey));
  return (await target.leftovers(mediaItemId)).filter((key) => !recorded.has(key));
}

describe.each(testedProviders)("archive on arrival, on %s", (provider) => {
  describe.each([["a local directory"], ["an S3-compatible server"]])("into %s", (storageName) => {
    let stack: MediaStack;
    let target: StorageUnderTest;
    beforeAll(async () => {
      target = storageName === "a local directory" ? localStorageUnderTest() : s3StorageUnderTest();
      stack = await startMediaStack({ provider, postgresServerUrl, env: { ...ARCHIVE_ENV, ...target.env } });
    });
    afterAll(async () => {
      await stack?.stop();
      await target?.remove();
    });

    it("copies an image within seconds of its webhook, encrypted, decrypting to exactly what Vonage served", async () => {
      const body = randomBytes(300_000);
      const started = Date.now();
      const mediaItemId = await stack.receiveMedia({ contentType: "image/jpeg", body, messageType: "image" });
      const item = await waitForState(stack.db, mediaItemId, "archived", 15_000);
      expect(Date.now() - started).toBeLessThan(15_000);
      expect(item).toMatchObject({ archiveAttempts: 1, archiveError: null, archiveLeaseUntil: null, contentType: "image/jpeg", sizeBytes: body.length });
      const file = await stack.db.storedFile.findUniqueOrThrow({ where: { mediaItemId_variant: { mediaItemId, variant: "original" } } });
      // Under a key of the attempt's own: media/<item>/<attempt>-<random>/original.
      expect(file).toMatchObject({ storageKey: expect.stringMatching(new RegExp(`^media/${mediaItemId}/1-[0-9a-f]{12}/original$`)), contentType: "image/jpeg", plainBytes: body.length, keyId: "test-1" });
      // Encrypted at rest: the stored object is not the file.
      const stored = await buffer(await target.storage.read(file.storageKey));
      expect(stored.includes(body.subarray(0, 64))).toBe(false);
      expect((await readArchived(stack.db, target.storage, mediaItemId)).equals(body)).toBe(true);
      expect(await readFile(stack.server.logFile, "utf8")).not.toMatch(/Bearer|eyJhbGciOiJSUzI1NiI|\/v3\/media\//);
      // Open threads are told, so the file's state changes without a reload.
      const { messageId } = await stack.db.mediaItem.findUniqueOrThrow({ where: { id: mediaItemId }, select: { messageId: true } });
      await waitFor(() => stack.db.liveEvent.count({ where: { kind: "media", messageId } }), (count) => count === 1, 5_000, "the media live event");
    });

    it("answers the webhook at once while a slow file is still being copied", async () => {
      const body = randomBytes(3 * TRICKLE_BYTES_PER_SECOND);
      const started = Date.now();
      const mediaItemId = await stack.receiveMedia({ contentType: "application/pdf", body, fault: "trickle" });
      const answeredMs = Date.now() - started;
      expect(answeredMs).toBeLessThan(1_000);
      expect((await stateOf(stack.db, mediaItemId)).archiveState).toBe("pending");
      await waitForState(stack.db, mediaItemId, "archived", 20_000);
      expect((await readArchived(stack.db, target.storage, mediaItemId)).equals(body)).toBe(true);
    });

    // Last in this block: it kills the stack's server.
    it("finishes a copy a crash cut short on the next instance, leaving one complete file and no partial one", { timeout: 90_000 }, async () => {
      const body = randomBytes(8 * TRICKLE_BYTES_PER_SECOND);
      const vonageId = randomUUID();
      const mediaItemId = await stack.receiveMedia({ id: vonageId, contentType: "video/mp4", body, fault: "trickle" });
      await waitFor(async () => stack.vonage.stats.requestsById.get(vonageId) ?? 0, (count) => count === 1, 5_000, "the copy to start");
      await sleep(1_500);
      stack.server.process.kill("SIGKILL");
      await new Promise((resolve) => (stack.server.process.exitCode !== null || stack.server.process.signalCode ? resolve(null) : stack.server.process.once("exit", resolve)));
      expect((await stateOf(stack.db, mediaItemId)).archiveState).toBe("pending");
      expect(await stack.db.storedFile.count({ where: { mediaItemId } })).toBe(0);

      await stack.startAnotherServer();
      await waitForState(stack.db, mediaItemId, "archived", 45_000);
      // The killed attempt's request and the next instance's; one more when a lease (3 s here)
      // ran out on a loaded machine and the copy started again: still one file, below.
      expect(stack.vonage.stats.requestsById.get(vonageId)).toBeGreaterThanOrEqual(2);
      expect((await readArchived(stack.db, target.storage, mediaItemId)).equals(body)).toBe(true);
      // The clean-up of what the killed attempt left runs just after the item is recorded archived.
      expect(await waitFor(() => strayFiles(stack.db, target, mediaItemId), (stray) => stray.length === 0, 10_000, "the killed attempt's leftovers to go")).toEqual([]);
    });
  });

  describe("when Vonage refuses, fails or the file is too large", () => {
    let stack: MediaStack;
    let target: StorageUnderTest;
    beforeAll(async () => {
      target = localStorageUnderTest();
      stack = await startMediaStack({ provider, postgresServerUrl, env: { ...ARCHIVE_ENV, ...target.env } });
    });
    afterAll(async () => {
      await stack?.stop();
      await target?.remove();
    });

    it.each([
      ["404 (expired)", { lifetimeSeconds: 0 }, "HTTP 404"],
      ["410", { fault: "error-410" as const }, "HTTP 410"],
    ])("Vonage's %s: gone, and never asked again", async (_, fault, reason) => {
      const vonageId = randomUUID();
      const mediaItemId = await stack.receiveMedia({ id: vonageId, contentType: "image/png", body: randomBytes(1_000), ...fault });
      const item = await waitForState(stack.db, mediaItemId, "gone", 10_000);
      expect(item.archiveError).toContain(reason);
      const requests = stack.vonage.stats.requestsById.get(vonageId);
      expect(requests).toBe(1);
      // Past a poll or two: no further attempt.
      await sleep(4_500);
      expect(stack.vonage.stats.requestsById.get(vonageId)).toBe(requests);
      expect((await stateOf(stack.db, mediaItemId)).archiveAttempts).toBe(1);
      expect(await stack.db.storedFile.count({ where: { mediaItemId } })).toBe(0);
    });

    it("a 500: failed with a backoff, then archived on a later attempt", async () => {
      const body = randomBytes(50_000);
      const mediaItemId = await stack.receiveMedia({ contentType: "image/png", body, failFirst: 1 });
      const failedAt = Date.now();
      const failed = await waitForState(stack.db, mediaItemId, "failed", 10_000);
      expect(failed.archiveError).toContain("HTTP 500");
      expect(failed.archiveError).not.toMatch(/http:|Bearer/);
      const waitMs = failed.archiveNextAttemptAt!.getTime() - failedAt;
      expect(waitMs).toBeGreaterThan(20_000);
      expect(waitMs).toBeLessThan(40_000);
      // Not retried before it is due.
      await sleep(3_000);
      expect((await stateOf(stack.db, mediaItemId)).archiveState).toBe("failed");
      // Time passes: the attempt comes due, and the next poll takes it.
      await stack.db.mediaItem.update({ where: { id: mediaItemId }, data: { archiveNextAttemptAt: new Date() } });
      const archived = await waitForState(stack.db, mediaItemId, "archived", 10_000);
      expect(archived).toMatchObject({ archiveAttempts: 2, archiveError: null, archiveNextAttemptAt: null });
      expect((await readArchived(stack.db, target.storage, mediaItemId)).equals(body)).toBe(true);
    });

    it("over MEDIA_ARCHIVE_MAX_BYTES: too large, nothing stored, and the row says until when Vonage has it", async () => {
      const mediaItemId = await stack.receiveMedia({ contentType: "video/mp4", size: MAX_BYTES + 1 });
      const item = await waitForState(stack.db, mediaItemId, "too_large", 10_000);
      expect(item.archiveError).toMatch(/^Too large to keep .*available from Vonage until \d{4}-\d\d-\d\dT/);
      // Not kept, yet its card can say what it is and how big: Vonage stated both.
      expect(item).toMatchObject({ contentType: "video/mp4", sizeBytes: MAX_BYTES + 1 });
      await sleep(2_500);
      expect((await stateOf(stack.db, mediaItemId)).archiveAttempts).toBe(1);
      expect(await stack.db.storedFile.count({ where: { mediaItemId } })).toBe(0);
      expect(await target.leftovers(mediaItemId)).toEqual([]);
    });
  });

  describe("with a storage that refuses writes", () => {
    let stack: MediaStack;
    let directory: TempDirectory;
    beforeAll(async () => {
      // A directory under a regular file: refused even to root, unlike a read-only directory.
      directory = makeTempDirectory("caredesk-archive-unusable");
      await writeFile(path.join(directory.path, "not-a-directory"), "");
      stack = await startMediaStack({ provider, postgresServerUrl, env: { ...ARCHIVE_ENV, MEDIA_STORAGE_URL: `file:${path.join(directory.path, "not-a-directory", "media")}` } });
    });
    afterAll(async () => {
      await stack?.stop();
      await directory?.remove();
    });

    it("says so at start, and each copy fails with the reason, to be retried", async () => {
      await waitFor(() => readFile(stack.server.logFile, "utf8"), (log) => log.includes("does not take writes"), 10_000, "the storage warning");
      expect(await readFile(stack.server.logFile, "utf8")).toMatch(/the media storage \(local directory [^)]*\) does not take writes \(ENOTDIR/);
      const mediaItemId = await stack.receiveMedia({ contentType: "image/png", body: randomBytes(5_000) });
      const item = await waitForState(stack.db, mediaItemId, "failed", 10_000);
      expect(item.archiveError).toMatch(/^CareDesk could not write to the media storage \(local directory .*\): ENOTDIR/);
      expect(item.archiveNextAttemptAt).not.toBeNull();
    });
  });

  describe("without MEDIA_ENCRYPTION_KEY", () => {
    let stack: MediaStack;
    let target: StorageUnderTest;
    beforeAll(async () => {
      target = localStorageUnderTest();
      stack = await startMediaStack({ provider, postgresServerUrl, env: { MEDIA_ENCRYPTION_KEY: "", ...target.env } });
    });
    afterAll(async () => {
      await stack?.stop();
      await target?.remove();
    });

    it("refuses to archive: says so at start, marks media not_archived, stores nothing", async () => {
      expect(await readFile(stack.server.logFile, "utf8")).toContain(
        "MEDIA_ENCRYPTION_KEY is not set: customer media is not archived and disappears from Vonage after 48 hours",
      );
      const mediaItemId = await stack.receiveMedia({ contentType: "image/png", body: randomBytes(5_000) });
      await sleep(3_000);
      expect((await stateOf(stack.db, mediaItemId)).archiveState).toBe("not_archived");
      expect(await stack.db.storedFile.count()).toBe(0);
      expect(await readdir(target.env.MEDIA_STORAGE_URL!.slice("file:".length))).toEqual([]);
      expect([...stack.vonage.stats.requestsById.values()]).toEqual([]);
    });
  });

  describe.runIf(provider === "postgresql")("two instances on one database and one storage", () => {
    let stack: MediaStack;
    let target: StorageUnderTest;
    beforeAll(async () => {
      target = localStorageUnderTest();
      stack = await startMediaStack({ provider, postgresServerUrl, env: { ...ARCHIVE_ENV, ...target.env } });
    });
    afterAll(async () => {
      await stack?.stop();
      await target?.remove();
    });

    it("fetches each file from Vonage exactly once", { timeout: 90_000 }, async () => {
      const other = await stack.startAnotherServer();
      const bodies = new Map<string, Buffer>();
      for (let index = 0; index < 16; index++) {
        const body = randomBytes(TRICKLE_BYTES_PER_SECOND / 2);
        bodies.set(await stack.receiveMedia({ contentType: "image/png", body, fault: "trickle" }), body);
      }
      for (const mediaItemId of bodies.keys()) await waitForState(stack.db, mediaItemId, "archived", 30_000);
      expect([...stack.vonage.stats.requestsById.values()]).toEqual(new Array(16).fill(1));
      for (const [mediaItemId, body] of bodies) expect((await readArchived(stack.db, target.storage, mediaItemId)).equals(body)).toBe(true);
      // Both took part.
      const copiesBy = async (logFile: string) => (await readFile(logFile, "utf8")).split("\n").filter((line) => line.includes('"msg":"media archived"')).length;
      const [first, second] = [await copiesBy(stack.server.logFile), await copiesBy(other.logFile)];
      expect(first + second).toBe(16);
      expect(first).toBeGreaterThan(0);
      expect(second).toBeGreaterThan(0);
    });
  });
});
