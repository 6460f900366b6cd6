// Rotating the media master key on real databases: files archived under key A stay readable after
// `npm run media:rewrap` with only key B configured; the files in storage are not rewritten; a
// second run does nothing; a missing key is refused before anything changes. The command moves
// the inboxes' secrets too (lib/inboxes/reseal-inbox-secrets.integration.test.ts has the details).
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { stat } from "node:fs/promises";
import path from "node:path";
import { buffer } from "node:stream/consumers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { archiveForTest, createCustomerWithMedia } from "@/test/support/archive-for-test";
import { createInboxWithSecrets, newPrivateKeyPem } from "@/test/support/inbox-with-secrets";
import { testedProviders } from "@/test/support/providers";
import { restoreMasterKeys, rotationKeys, useMasterKeys } from "@/test/support/rotation-keys";
import { makeTempDirectory, type TempDirectory } from "@/test/support/temp-directory";
import { useAppDatabase } from "@/test/support/use-app-database";
import { getDb } from "../db";
import { decryptingStream, storedRangeFor } from "./encrypted-file";
import { unwrapFileKey } from "./master-keys";
import { rewrapFileKeys } from "./rewrap-file-keys";
import { storageFromUrl, type MediaStorage } from "./storage";

describe.each(testedProviders)("re-wrapping file keys on %s", (provider) => {
  const scratch = useAppDatabase(provider, { prefix: "caredesk_rewrap" });
  let directory: TempDirectory;
  let storage: MediaStorage;
  beforeAll(() => {
    directory = makeTempDirectory("caredesk-rewrap");
    storage = storageFromUrl(`file:${directory.path}`);
  });
  afterAll(async () => {
    await directory.remove();
    restoreMasterKeys();
  });

  async function readBack(storedFileId: string): Promise<Buffer> {
    const file = await getDb().storedFile.findUniqueOrThrow({ where: { id: storedFileId } });
    const key = unwrapFileKey(file, file.storageKey);
    const range = { start: 0, end: file.plainBytes - 1 };
    const { storedStart, storedEnd } = storedRangeFor(range, file.plainBytes, file.segmentBytes);
    return buffer((await storage.read(file.storageKey, { start: storedStart, end: storedEnd })).pipe(decryptingStream(key, { range, plainBytes: file.plainBytes, segmentBytes: file.segmentBytes })));
  }

  it("moves every file to the current key in batches, leaves storage untouched, and is a no-op the second time", async () => {
    useMasterKeys(rotationKeys.a);
    const db = getDb();
    const { media } = await createCustomerWithMedia(db, { images: 3 });
    const contents = media.map(() => randomBytes(100_000));
    const files = [];
    for (const [index, item] of media.entries()) files.push(await archiveForTest(db, item.id, contents[index]!, { storage }));
    const modified = await Promise.all(files.map(async (file) => (await stat(path.join(directory.path, file.storageKey))).mtimeMs));

    useMasterKeys(rotationKeys.b, [rotationKeys.a]);
    const batches: number[] = [];
    const counts = await rewrapFileKeys({ batchSize: 2, onBatch: (done) => batches.push(done) });
    expect(counts).toEqual({ rewrapped: 3, byOldKeyId: { "key-a": 3 } });
    expect(batches).toEqual([2, 3]);

    // Key A is gone from the configuration: the files read with key B alone.
    useMasterKeys(rotationKeys.b);
    expect(await db.storedFile.count({ where: { keyId: { not: "key-b" } } })).toBe(0);
    for (const [index, file] of files.entries()) expect((await readBack(file.id)).equals(contents[index]!)).toBe(true);
    expect(await Promise.all(files.map(async (file) => (await stat(path.join(directory.path, file.storageKey))).mtimeMs))).toEqual(modified);

    const before = await db.storedFile.findMany({ orderBy: { id: "asc" } });
    expect(await rewrapFileKeys()).toEqual({ rewrapped: 0, byOldKeyId: {} });
    expect(await db.storedFile.findMany({ orderBy: { id: "asc" } })).toEqual(before);
  });

  it("refuses when MEDIA_ENCRYPTION_KEY is unset or a file's old key is missing, changing nothing", async () => {
    const before = await getDb().storedFile.findMany({ orderBy: { id: "asc" } });
    expect(before.length).toBeGreaterThan(0);
    useMasterKeys(undefined);
    await expect(rewrapFileKeys()).rejects.toThrow(/MEDIA_ENCRYPTION_KEY is not set/);
    useMasterKeys(rotationKeys.c);
    await expect(rewrapFileKeys()).rejects.toThrow(/"key-b", not in MEDIA_ENCRYPTION_OLD_KEYS/);
    expect(await getDb().storedFile.findMany({ orderBy: { id: "asc" } })).toEqual(before);
  });

  it("npm run media:rewrap moves files and inbox secrets, checks every key before changing anything, and says what it did", async () => {
    const run = (env: Record<string, string>) =>
      spawnSync("npm", ["run", "--silent", "media:rewrap"], { encoding: "utf8", env: { ...process.env, DATABASE_URL: scratch().url, MEDIA_ENCRYPTION_OLD_KEYS: "", ...env }, timeout: 60_000 });
    const refused = run({ MEDIA_ENCRYPTION_KEY: "" });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain("MEDIA_ENCRYPTION_KEY is not set");

    // The files are under key B (the tests above); an inbox's secrets are under key A.
    useMasterKeys(rotationKeys.a);
    const inbox = await createInboxWithSecrets(getDb(), { signatureSecret: randomBytes(16).toString("hex"), privateKeyPem: newPrivateKeyPem() });
    const filesBefore = await getDb().storedFile.findMany({ orderBy: { id: "asc" } });
    const inboxBefore = await getDb().inbox.findUniqueOrThrow({ where: { id: inbox.id } });
    const withoutKeyB = run({ MEDIA_ENCRYPTION_KEY: rotationKeys.c, MEDIA_ENCRYPTION_OLD_KEYS: rotationKeys.a });
    expect(withoutKeyB.status).toBe(1);
    expect(withoutKeyB.stderr).toContain('Files are wrapped by master key "key-b", not in MEDIA_ENCRYPTION_OLD_KEYS');
    expect(await getDb().inbox.findUniqueOrThrow({ where: { id: inbox.id } })).toEqual(inboxBefore);
    const withoutKeyA = run({ MEDIA_ENCRYPTION_KEY: rotationKeys.c, MEDIA_ENCRYPTION_OLD_KEYS: rotationKeys.b });
    expect(withoutKeyA.status).toBe(1);
    expect(withoutKeyA.stderr).toContain('Inbox secrets are sealed by master key "key-a", not in MEDIA_ENCRYPTION_OLD_KEYS');
    expect(await getDb().storedFile.findMany({ orderBy: { id: "asc" } })).toEqual(filesBefore);

    const done = run({ MEDIA_ENCRYPTION_KEY: rotationKeys.c, MEDIA_ENCRYPTION_OLD_KEYS: `${rotationKeys.a},${rotationKeys.b}` });
    expect(done.stdout).toContain('Re-sealed the secrets of 1 inbox with "key-c" (1 from "key-a").');
    expect(done.stdout).toContain('Re-wrapped 3 file keys to "key-c" (3 from "key-b").');
    expect(done.status).toBe(0);
    expect(await getDb().inbox.findUniqueOrThrow({ where: { id: inbox.id } })).toMatchObject({ secretsKeyId: "key-c" });

    const again = run({ MEDIA_ENCRYPTION_KEY: rotationKeys.c });
    expect(again.stdout).toContain('Every file key and inbox secret is already under "key-c": nothing to do.');
    expect(again.status).toBe(0);
  });
});
