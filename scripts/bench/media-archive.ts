// Benchmark 5, media archive: the encrypted copy CareDesk keeps of inbound media, each figure
// against a baseline measured in the same run.
//  - Copy: from a webhook's 200 to its item's archiveState "archived" (the archive worker fetches
//    the file from the media stand-in, encrypts it and stores it), polled in the database every
//    20 ms, against the same bytes fetched from the stand-in with Node's http and piped into a
//    file. Measured only when a worker archives items; otherwise said so and skipped.
//  - Serving a large archived file through GET /api/media/{id} (read, decrypted as it streams)
//    against reference-file-server.ts sending the same plaintext from a local file; with the
//    server's peak RSS growth.
//  - 1 MB photos from the archive, many at once, against reference-proxy.ts (a bare Node.js pipe)
//    in front of the stand-in: what serving them from Vonage through the lightest proxy costs.
// Without a worker (it lands separately), files are archived with archiveForTest, which writes
// exactly what the worker writes.
import type { ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, rm, writeFile } from "node:fs/promises";
import http from "node:http";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { DatabaseProvider } from "@/lib/db/database-url";
import { decryptingStream, encryptingStream, HEADER_BYTES, newFileKey } from "@/lib/media-archive/encrypted-file";
import { archiveForTest, makeTestMasterKey, testStorage } from "@/test/support/archive-for-test";
import { startMediaStack, type MediaStack } from "@/test/support/media-stack";
import { makeTempDirectory } from "@/test/support/temp-directory";
import { buildInboundPayload } from "@/test/vonage-fake/build-payloads";
import { sendWebhook } from "@/test/vonage-fake/send-webhook";
import { directToken, mustDownload, residentBytes, startReferenceServer } from "./media-proxy";
import { runLoad, summariseLoad, type LoadSummary, type PlannedRequest } from "./run-load";
import { median, medianRun } from "./statistics";

const MB = 1_000_000;
const POLL_MS = 20;

export type ArchiveCopy = { archivedMBps: number; rawCopyMBps: number; ratio: number; archivedSeconds: number; rawCopySeconds: number } | { skipped: string };
export type ArchiveResult = {
  largeBytes: number;
  runs: number;
  isWorkerPresent: boolean;
  copy: ArchiveCopy;
  serve: { archiveMBps: number; bareMBps: number; ratio: number; peakRssGrowthBytes: number };
  photos: { photoBytes: number; files: number; requests: number; concurrency: number; archive: LoadSummary; reference: LoadSummary; ratio: number };
  /** Diagnostics: AES-256-GCM segments alone in this process (no I/O, no HTTP), plaintext MB/s. */
  cryptoAlone: { encryptMBps: number; decryptMBps: number };
};

type Delivered = { mediaId: string; vonageId: string; acceptedAt: number };

/** Stores `body` at the stand-in and delivers a signed inbound webhook for it; times from its 200. */
async function deliver(stack: MediaStack, body: Buffer, contentType: string, messageType: "image" | "video"): Promise<Delivered> {
  const vonageId = randomUUID();
  stack.vonage.addMedia({ id: vonageId, contentType, body });
  const payload = buildInboundPayload({ channel: "whatsapp", messageType, mediaOrigin: stack.vonage.origin, mediaIds: [vonageId] });
  const response = await sendWebhook({ baseUrl: stack.server.baseUrl, signatureSecret: stack.signatureSecret }, "inbound", payload);
  const acceptedAt = performance.now();
  if (response.status !== 200) throw new Error(`webhook refused: ${response.status} ${await response.text()}`);
  await response.body?.cancel();
  const item = await stack.db.mediaItem.findFirstOrThrow({ where: { message: { messageUuid: String(payload.message_uuid) } }, select: { id: true } });
  return { mediaId: item.id, vonageId, acceptedAt };
}

/** Polls the item until it leaves "pending" (or the timeout); the archived time, or null if still pending. */
async function waitForArchived(stack: MediaStack, mediaId: string, timeoutMs: number): Promise<number | null> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    const item = await stack.db.mediaItem.findUniqueOrThrow({ where: { id: mediaId }, select: { archiveState: true, archiveError: true } });
    if (item.archiveState === "archived") return performance.now();
    if (item.archiveState !== "pending") throw new Error(`media ${mediaId} ended ${item.archiveState}: ${item.archiveError ?? "no reason given"}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return null;
}

/** The baseline copy: the file from the stand-in with Node's http, piped into a local file; ms to the file's close. */
function rawCopy(agent: http.Agent, url: string, authorization: string, file: string, expectedBytes: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const startedAt = performance.now();
    http
      .get(url, { agent, headers: { authorization } }, (response) => {
        if (response.statusCode !== 200) return reject(new Error(`GET ${url}: ${response.statusCode}`));
        const output = createWriteStream(file);
        pipeline(response, output).then(() => (output.bytesWritten === expectedBytes ? resolve(performance.now() - startedAt) : reject(new Error(`copied ${output.bytesWritten} of ${expectedBytes} bytes`))), reject);
      })
      .on("error", reject);
  });
}

/** Segments sealed and opened in this process, 64 KB chunks in as a socket hands them: the cipher's own cost. */
async function measureCryptoAlone(plain: Buffer): Promise<{ encryptMBps: number; decryptMBps: number }> {
  const chunks = function* (bytes: Buffer) {
    for (let offset = 0; offset < bytes.length; offset += 64 * 1024) yield bytes.subarray(offset, offset + 64 * 1024);
  };
  const key = newFileKey();
  const sealed: Buffer[] = [];
  const encrypting = encryptingStream(key);
  encrypting.on("data", (chunk: Buffer) => sealed.push(chunk));
  let startedAt = performance.now();
  await pipeline(Readable.from(chunks(plain)), encrypting);
  const encryptMs = performance.now() - startedAt;
  const stored = Buffer.concat(sealed).subarray(HEADER_BYTES); // a read's range starts after the header
  sealed.length = 0;
  let opened = 0;
  const decrypting = decryptingStream(key, { range: { start: 0, end: plain.length - 1 }, plainBytes: plain.length });
  decrypting.on("data", (chunk: Buffer) => (opened += chunk.length));
  startedAt = performance.now();
  await pipeline(Readable.from(chunks(stored)), decrypting);
  const decryptMs = performance.now() - startedAt;
  if (opened !== plain.length) throw new Error(`decrypted ${opened} of ${plain.length} bytes`);
  return { encryptMBps: plain.length / MB / (encryptMs / 1000), decryptMBps: plain.length / MB / (decryptMs / 1000) };
}

export async function benchmarkMediaArchive(options: {
  provider: DatabaseProvider;
  postgresServerUrl?: string;
  /** The large file copied and served (at most MEDIA_ARCHIVE_MAX_BYTES, set above it here). */
  largeBytes: number;
  runs: number;
  photo: { bytes: number; files: number; requests: number; concurrency: number };
  /** How long the first item may stay pending before the copy benchmark says there is no worker. */
  workerTimeoutMs: number;
}): Promise<ArchiveResult> {
  const work = makeTempDirectory("caredesk-bench-archive");
  const masterKey = makeTestMasterKey();
  const env = {
    MEDIA_ENCRYPTION_KEY: masterKey.envValue,
    MEDIA_STORAGE_URL: `file:${path.join(work.path, "storage")}`,
    MEDIA_ARCHIVE_MAX_BYTES: String(options.largeBytes + MB),
  };
  const plainDirectory = path.join(work.path, "plain");
  const copyDirectory = path.join(work.path, "copies");
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  const referenceProxy: { process?: ChildProcess } = {};
  const fileServer: { process?: ChildProcess } = {};
  let stack: MediaStack | undefined;
  try {
    await mkdir(plainDirectory);
    await mkdir(copyDirectory);
    stack = await startMediaStack({ provider: options.provider, postgresServerUrl: options.postgresServerUrl, env });
    const running = stack;
    const authorization = `Bearer ${directToken(running)}`;
    const storage = testStorage(env);
    const large = randomBytes(options.largeBytes);

    // Is a worker archiving? A small file first, so its absence costs only the timeout.
    const probe = await deliver(running, randomBytes(1024), "image/jpeg", "image");
    const isWorkerPresent = (await waitForArchived(running, probe.mediaId, options.workerTimeoutMs)) !== null;
    /** A delivered item archived: by the worker when there is one, else as it would have. */
    const archivedItem = async (body: Buffer, contentType: string, messageType: "image" | "video") => {
      const delivered = await deliver(running, body, contentType, messageType);
      if (isWorkerPresent) {
        if ((await waitForArchived(running, delivered.mediaId, 120_000)) === null) throw new Error(`media ${delivered.mediaId} not archived within 120 s`);
      } else {
        await archiveForTest(running.db, delivered.mediaId, body, { storage, masterKey, contentType });
      }
      return delivered;
    };

    let copy: ArchiveCopy = { skipped: `worker not present: copy benchmark skipped (a 1 KB item stayed pending for ${options.workerTimeoutMs / 1000} s)` };
    let servedItem: Delivered | undefined;
    if (isWorkerPresent) {
      const archivedMs: number[] = [];
      const rawMs: number[] = [];
      // The first of each warms up (JIT, TCP windows, heap sizes) and is not counted.
      for (let run = 0; run <= options.runs; run++) {
        const delivered = await deliver(running, large, "video/mp4", "video");
        const archivedAt = await waitForArchived(running, delivered.mediaId, 120_000);
        if (archivedAt === null) throw new Error(`the ${options.largeBytes / MB} MB file was not archived within 120 s`);
        servedItem = delivered;
        const copyFile = path.join(copyDirectory, `${run}.bin`);
        const copiedMs = await rawCopy(agent, running.vonage.urlOf(delivered.vonageId), authorization, copyFile, options.largeBytes);
        await rm(copyFile);
        if (run === 0) continue;
        archivedMs.push(archivedAt - delivered.acceptedAt);
        rawMs.push(copiedMs);
      }
      const archivedSeconds = median(archivedMs) / 1000;
      const rawCopySeconds = median(rawMs) / 1000;
      copy = {
        archivedSeconds,
        rawCopySeconds,
        archivedMBps: options.largeBytes / MB / archivedSeconds,
        rawCopyMBps: options.largeBytes / MB / rawCopySeconds,
        ratio: rawCopySeconds / archivedSeconds,
      };
    }

    // Serving the large file: from the archive, against the same plaintext from a local file.
    servedItem ??= await archivedItem(large, "video/mp4", "video");
    await writeFile(path.join(plainDirectory, "large.bin"), large);
    const fileServerUrl = `${await startReferenceServer("reference-file-server.ts", plainDirectory, fileServer)}/large.bin`;
    const archiveUrl = `${running.server.baseUrl}/api/media/${servedItem.mediaId}`;
    const session = { cookie: running.agentCookie };
    const serverPid = running.server.process.pid!;
    await mustDownload(agent, archiveUrl, session, options.largeBytes);
    await mustDownload(agent, fileServerUrl, {}, options.largeBytes);
    const archiveRates: number[] = [];
    const bareRates: number[] = [];
    let peakRssGrowthBytes = 0;
    for (let run = 0; run < options.runs; run++) {
      const rssBefore = residentBytes(serverPid);
      let rssPeak = rssBefore;
      const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, residentBytes(serverPid))), 10);
      const served = await mustDownload(agent, archiveUrl, session, options.largeBytes).finally(() => clearInterval(sampler));
      peakRssGrowthBytes = Math.max(peakRssGrowthBytes, rssPeak - rssBefore);
      archiveRates.push(options.largeBytes / MB / (served.totalMs / 1000));
      bareRates.push(options.largeBytes / MB / ((await mustDownload(agent, fileServerUrl, {}, options.largeBytes)).totalMs / 1000));
    }
    const serve = { archiveMBps: median(archiveRates), bareMBps: median(bareRates), peakRssGrowthBytes, ratio: median(archiveRates) / median(bareRates) };

    // Photos: many requests for 1 MB files, from the archive and through the bare proxy from the stand-in.
    const photos: Delivered[] = [];
    for (let index = 0; index < options.photo.files; index++) photos.push(await archivedItem(randomBytes(options.photo.bytes), "image/jpeg", "image"));
    const referenceBaseUrl = await startReferenceServer("reference-proxy.ts", running.vonage.origin, referenceProxy);
    const plan = (count: number, request: (photo: Delivered) => PlannedRequest) => Array.from({ length: count }, (_, index) => request(photos[index % photos.length]!));
    const fromArchive = (count: number) => plan(count, (photo) => ({ method: "GET", path: `/api/media/${photo.mediaId}`, headers: session }));
    const throughProxy = (count: number) => plan(count, (photo) => ({ method: "GET", path: `/v3/media/${photo.vonageId}`, headers: { authorization } }));
    const { concurrency } = options.photo;
    await runLoad({ baseUrl: running.server.baseUrl, concurrency, requests: fromArchive(photos.length) });
    await runLoad({ baseUrl: referenceBaseUrl, concurrency, requests: throughProxy(photos.length) });
    const archiveRuns: LoadSummary[] = [];
    const referenceRuns: LoadSummary[] = [];
    for (let run = 0; run < options.runs; run++) {
      archiveRuns.push(summariseLoad(await runLoad({ baseUrl: running.server.baseUrl, concurrency, requests: fromArchive(options.photo.requests) })));
      referenceRuns.push(summariseLoad(await runLoad({ baseUrl: referenceBaseUrl, concurrency, requests: throughProxy(options.photo.requests) })));
    }
    const failed = [...archiveRuns, ...referenceRuns].find((run) => run.errors > 0);
    if (failed) throw new Error(`photo requests failed: ${JSON.stringify(failed.statuses)}`);
    const archiveRate = median(archiveRuns.map((run) => run.requestsPerSecond));
    const referenceRate = median(referenceRuns.map((run) => run.requestsPerSecond));

    return {
      largeBytes: options.largeBytes,
      runs: options.runs,
      isWorkerPresent,
      copy,
      serve,
      photos: {
        photoBytes: options.photo.bytes,
        files: options.photo.files,
        requests: options.photo.requests,
        concurrency,
        archive: { ...medianRun(archiveRuns, (run) => run.requestsPerSecond), requestsPerSecond: archiveRate },
        reference: { ...medianRun(referenceRuns, (run) => run.requestsPerSecond), requestsPerSecond: referenceRate },
        ratio: archiveRate / referenceRate,
      },
      cryptoAlone: await measureCryptoAlone(large),
    };
  } finally {
    referenceProxy.process?.kill();
    fileServer.process?.kill();
    agent.destroy();
    await stack?.stop();
    await work.remove();
  }
}
