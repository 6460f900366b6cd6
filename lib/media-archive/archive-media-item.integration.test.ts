// One copy attempt at a time, in this process, against the Vonage media stand-in, a local
// directory or an S3-compatible server, on each tested database: what two attempts at one item
// leave in storage when one stalls past its lease, when the item is erased mid-copy, or when an
// earlier attempt crashed. Stalls are made by holding the stand-in's answer, not by sleeping.
import { randomBytes, randomUUID } from "node:crypto";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { buffer } from "node:stream/consumers";
import { ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { archiveForTest, createCustomerWithMedia } from "@/test/support/archive-for-test";
import { testedProviders } from "@/test/support/providers";
import { startS3Server, type S3Server } from "@/test/support/s3-server";
import { makeTempDirectory, type TempDirectory } from "@/test/support/temp-directory";
import { useAppDatabase } from "@/test/support/use-app-database";
import { createFakeApplication, type FakeApplication } from "@/test/vonage-fake/application-keys";
import { startFakeMediaServer, type FakeMediaInput, type FakeMediaServer } from "@/test/vonage-fake/media-server";
import { getDb } from "../db";
import { reloadEnv } from "../env";
import { archiveMediaItem } from "./archive-media-item";
import { claimDueMedia, type MediaClaim } from "./claim-due-media";
import { makeImagePreview } from "./make-image-preview";
import { readArchivedFile, type ArchivedFile } from "./read-archived-file";
import { getMediaStorage } from "./storage";
import { newStorageKey } from "./storage-key";

/** Long enough that no lease renewal runs during a test: a stalled process renews nothing either. */
const LEASE_MS = 10 * 60_000;
const afterTheLease = () => new Date(Date.now() + LEASE_MS + 1_000);

let s3: S3Server;
let application: FakeApplication;
let vonage: FakeMediaServer;
beforeAll(async () => {
  s3 = await startS3Server();
  application = createFakeApplication();
  vonage = await startFakeMediaServer({ publicKey: application.publicKeyPem, applicationId: application.applicationId });
});
afterAll(async () => {
  await vonage?.close();
  await application?.remove();
  await s3?.stop();
});

/** Each storage as the archiver is configured for it, and a look at what it holds that does not go through CareDesk's code. */
type StorageUnderTest = { env: Record<string, string>; objectsOf(mediaItemId: string): Promise<string[]>; remove(): Promise<void> };

const storages: Record<string, () => StorageUnderTest> = {
  "a local directory": () => {
    const directory: TempDirectory = makeTempDirectory("caredesk-archive-item");
    return {
      env: { MEDIA_STORAGE_URL: `file:${directory.path}` },
      async objectsOf(mediaItemId) {
        const entries = await readdir(path.join(directory.path, "media", mediaItemId), { recursive: true, withFileTypes: true }).catch(() => []);
        return entries.filter((entry) => entry.isFile()).map((entry) => path.relative(directory.path, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"));
      },
      remove: () => directory.remove(),
    };
  },
  "an S3-compatible server": () => {
    const prefix = `item-${randomBytes(4).toString("hex")}`;
    const client = new S3Client({ endpoint: s3.endpoint, forcePathStyle: true, region: "us-east-1", credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } });
    return {
      env: s3.env(prefix),
      async objectsOf(mediaItemId) {
        const listed = await client.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: `${prefix}/media/${mediaItemId}/` }));
        return (listed.Contents ?? []).map((object) => object.Key!.slice(prefix.length + 1));
      },
      remove: async () => client.destroy(),
    };
  },
};

const cases = testedProviders.flatMap((provider) => Object.keys(storages).map((storageName) => ({ provider, storageName })));

describe.each(cases)("archive attempts on $provider into $storageName", ({ provider, storageName }) => {
  useAppDatabase(provider, { prefix: "caredesk_archive_item", env: { MEDIA_ENCRYPTION_KEY: `test-1:${randomBytes(32).toString("base64")}` } });
  let target: StorageUnderTest;
  beforeAll(() => {
    target = storages[storageName]!();
    const env = {
      ...target.env,
      VONAGE_APPLICATION_ID: application.applicationId,
      VONAGE_PRIVATE_KEY_PATH: application.privateKeyPath,
      VONAGE_MEDIA_ORIGINS: vonage.origin,
      // A held answer must not look idle while the other attempt copies.
      MEDIA_IDLE_TIMEOUT_MS: "60000",
    };
    for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
    reloadEnv();
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    reloadEnv();
    await target?.remove();
  });

  const running = new AbortController().signal;
  const attempt = (claim: MediaClaim) => archiveMediaItem(claim, { leaseMs: LEASE_MS, signal: running });

  /** A customer's media item whose file the stand-in serves as `input` says. */
  async function mediaAtVonage(input: Omit<FakeMediaInput, "id">, kind = "file") {
    const vonageId = randomUUID();
    vonage.addMedia({ ...input, id: vonageId });
    const { media } = await createCustomerWithMedia(getDb(), { images: 1 });
    await getDb().mediaItem.update({ where: { id: media[0]!.id }, data: { kind, vonageUrl: vonage.urlOf(vonageId) } });
    return { mediaItemId: media[0]!.id, vonageId };
  }

  /** Claims as the archiver does; the item must be the only one due. */
  async function claim(mediaItemId: string, now?: Date): Promise<MediaClaim> {
    const claims = await claimDueMedia({ limit: 10, leaseMs: LEASE_MS, now });
    expect(claims.map((claimed) => claimed.mediaItemId)).toEqual([mediaItemId]);
    return claims[0]!;
  }

  async function until(isDone: () => boolean, what: string) {
    for (const deadline = Date.now() + 10_000; !isDone(); await new Promise((resolve) => setTimeout(resolve, 20))) {
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    }
  }

  /** A held answer for the item's first request, and how to let it go on. */
  function stall() {
    let resume!: () => void;
    const held = new Promise<void>((resolve) => (resume = resolve));
    return { held, resume };
  }

  const recorded = (mediaItemId: string) => getDb().storedFile.findMany({ where: { mediaItemId }, orderBy: { variant: "asc" } });
  /** What a person opening the file gets: read and decrypted the way it is served. */
  const served = async (file: ArchivedFile) => buffer(await readArchivedFile(file));

  it("an attempt that stalled past its lease and wakes after another finished the copy leaves that copy as it was, and nothing of its own", async () => {
    const body = randomBytes(300_000);
    const { held, resume } = stall();
    const { mediaItemId, vonageId } = await mediaAtVonage({ contentType: "application/pdf", body, holdFirstAnswer: held });
    const first = await claim(mediaItemId);
    const stalled = attempt(first);
    await until(() => vonage.stats.requestsById.get(vonageId) === 1, "the first attempt's request");

    // Its lease runs out: another instance claims the item, copies it and records it.
    const second = await claim(mediaItemId, afterTheLease());
    expect(second.attempt).toBe(first.attempt + 1);
    expect(await attempt(second)).toBe("archived");
    const [file] = await recorded(mediaItemId);
    expect((await served(file!)).equals(body)).toBe(true);

    // The first wakes and finishes writing: it no longer holds the claim, so it records nothing.
    resume();
    expect(await stalled).toBe("lost");
    expect(vonage.stats.requestsById.get(vonageId)).toBe(2);
    expect(await recorded(mediaItemId)).toEqual([file]);
    expect((await served(file!)).equals(body)).toBe(true);
    expect(await target.objectsOf(mediaItemId)).toEqual([file!.storageKey]);
  });

  it("an attempt whose item is erased during the copy removes what it wrote", async () => {
    const { held, resume } = stall();
    const { mediaItemId, vonageId } = await mediaAtVonage({ contentType: "application/pdf", body: randomBytes(200_000), holdFirstAnswer: held });
    const copying = attempt(await claim(mediaItemId));
    await until(() => vonage.stats.requestsById.get(vonageId) === 1, "the attempt's request");
    // As an erasure's cascade does.
    await getDb().mediaItem.delete({ where: { id: mediaItemId } });
    resume();
    expect(await copying).toBe("lost");
    expect(await target.objectsOf(mediaItemId)).toEqual([]);
  });

  it("removes what a crashed attempt left once a later attempt archives the item, and keeps every recorded file", async () => {
    const photo = await sharp({ create: { width: 1200, height: 900, channels: 3, background: { r: 30, g: 90, b: 160 } } }).jpeg().toBuffer();
    const { mediaItemId } = await mediaAtVonage({ contentType: "image/jpeg", body: photo }, "image");
    // The first attempt wrote its copy, then its process died before recording it.
    const crashed = await claim(mediaItemId);
    const leftover = newStorageKey(mediaItemId, crashed.attempt, "original");
    await getMediaStorage().write(leftover, Readable.from([randomBytes(5_000)]));

    expect(await attempt(await claim(mediaItemId, afterTheLease()))).toBe("archived");
    const [original, preview] = await recorded(mediaItemId);
    expect([original!.variant, preview!.variant]).toEqual(["original", "preview"]);
    expect((await target.objectsOf(mediaItemId)).sort()).toEqual([original!.storageKey, preview!.storageKey].sort());
    expect((await served(original!)).equals(photo)).toBe(true);
    expect(await sharp(await served(preview!)).metadata()).toMatchObject({ format: "webp", width: 480, height: 360 });
  });

  it("removes what a crashed attempt left once a later attempt finds the file gone from Vonage", async () => {
    const { mediaItemId, vonageId } = await mediaAtVonage({ contentType: "application/pdf", body: randomBytes(20_000) });
    const crashed = await claim(mediaItemId);
    await getMediaStorage().write(newStorageKey(mediaItemId, crashed.attempt, "original"), Readable.from([randomBytes(5_000)]));
    vonage.expireMedia(vonageId);

    expect(await attempt(await claim(mediaItemId, afterTheLease()))).toBe("gone");
    expect(await recorded(mediaItemId)).toEqual([]);
    expect(await target.objectsOf(mediaItemId)).toEqual([]);
  });

  it("two previews made at once: one is recorded and served, the other's object is removed", async () => {
    const photo = await sharp({ create: { width: 1000, height: 1000, channels: 3, background: { r: 200, g: 40, b: 40 } } }).png().toBuffer();
    const { media } = await createCustomerWithMedia(getDb(), { images: 1 });
    const mediaItemId = media[0]!.id;
    await archiveForTest(getDb(), mediaItemId, photo, { contentType: "image/png" });

    const outcomes = await Promise.all([makeImagePreview(mediaItemId), makeImagePreview(mediaItemId)]);
    expect(outcomes.sort()).toEqual(["exists", "made"]);
    const [original, preview] = await recorded(mediaItemId);
    expect(preview!.variant).toBe("preview");
    expect((await target.objectsOf(mediaItemId)).sort()).toEqual([original!.storageKey, preview!.storageKey].sort());
    expect(await sharp(await served(preview!)).metadata()).toMatchObject({ format: "webp", width: 480, height: 480 });
  });
});
