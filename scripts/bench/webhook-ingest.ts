// Benchmark 1, webhook ingest: signed inbound webhooks (every channel and type, unique
// message_uuids, customers from a pool so conversations are shared) at several concurrencies,
// against GET /api/health/live on the same server (no database) as the baseline. Every accepted
// webhook must be a stored Message row. Archiving is on (MEDIA_ENCRYPTION_KEY), with every media
// URL at the local media stand-in, so the archive worker copies files while webhooks arrive, as in
// production: the webhook's answer must not wait for it.
import { randomBytes, randomUUID } from "node:crypto";
import path from "node:path";
import { createDb } from "@/lib/db";
import type { DatabaseProvider } from "@/lib/db/database-url";
import { makeTestMasterKey } from "@/test/support/archive-for-test";
import { createScratchDatabase } from "@/test/support/scratch-database";
import { startCareDeskServer } from "@/test/support/start-server";
import { makeTempDirectory } from "@/test/support/temp-directory";
import { createFakeApplication } from "@/test/vonage-fake/application-keys";
import { buildInboundPayload, INBOUND_TYPES_BY_CHANNEL } from "@/test/vonage-fake/build-payloads";
import { startFakeMediaServer, type FakeMediaServer } from "@/test/vonage-fake/media-server";
import { signWebhook } from "@/test/vonage-fake/sign-webhook";
import { runLoad, summariseLoad, type LoadSummary, type PlannedRequest } from "./run-load";
import { median, medianRun } from "./statistics";

export type IngestRow = {
  concurrency: number;
  ingest: LoadSummary;
  baseline: LoadSummary;
  /** Ingest throughput over baseline throughput (medians of the runs). */
  throughputRatio: number;
  /** Across all runs: webhooks answered 200, and Message rows that appeared. */
  accepted: number;
  rowsStored: number;
  isLossless: boolean;
};

const CHANNEL_TYPES = Object.entries(INBOUND_TYPES_BY_CHANNEL).flatMap(([channel, types]) => types.map((messageType) => ({ channel, messageType })));
const CUSTOMERS = Array.from({ length: 300 }, (_, index) => `4479${String(10_000_000 + index)}`);
/** What each webhook's media is at the stand-in: a photo-sized file (shared, so held once). */
const MEDIA_BODY = randomBytes(200_000);
/** More than any one payload carries (an MMS has a few parts). */
const MEDIA_IDS_PER_WEBHOOK = 3;

function signedWebhooks(count: number, secret: { signatureSecret: string; apiKey: string }, media: FakeMediaServer): PlannedRequest[] {
  return Array.from({ length: count }, (_, index) => {
    const { channel, messageType } = CHANNEL_TYPES[index % CHANNEL_TYPES.length]!;
    const mediaIds = Array.from({ length: MEDIA_IDS_PER_WEBHOOK }, () => randomUUID());
    for (const id of mediaIds) media.addMedia({ id, contentType: "image/jpeg", body: MEDIA_BODY });
    const body = JSON.stringify(buildInboundPayload({ channel, messageType, from: CUSTOMERS[index % CUSTOMERS.length], mediaOrigin: media.origin, mediaIds }));
    return {
      method: "POST",
      path: "/api/webhooks/inbound",
      headers: { "content-type": "application/json", authorization: `Bearer ${signWebhook(body, secret)}` },
      body,
    };
  });
}

function liveProbes(count: number): PlannedRequest[] {
  return Array.from({ length: count }, () => ({ method: "GET", path: "/api/health/live", headers: {} }));
}

export async function benchmarkWebhookIngest(options: {
  provider: DatabaseProvider;
  postgresServerUrl?: string;
  /** Requests per run at each concurrency. */
  plan: { concurrency: number; requests: number }[];
  runs: number;
}): Promise<IngestRow[]> {
  const application = createFakeApplication();
  const media = await startFakeMediaServer({ publicKey: application.publicKeyPem, applicationId: application.applicationId });
  const storage = makeTempDirectory("caredesk-bench-storage");
  const database = await createScratchDatabase(options.provider, { postgresServerUrl: options.postgresServerUrl, prefix: "caredesk_bench" });
  const secret = { signatureSecret: randomBytes(24).toString("hex"), apiKey: "caredesk-bench" };
  // The request log goes to a file, as in production; warn keeps it from being the bottleneck.
  const server = await startCareDeskServer({
    env: {
      DATABASE_URL: database.url,
      VONAGE_SIGNATURE_SECRET: secret.signatureSecret,
      VONAGE_API_KEY: secret.apiKey,
      LOG_LEVEL: "info",
      VONAGE_APPLICATION_ID: application.applicationId,
      VONAGE_PRIVATE_KEY_PATH: application.privateKeyPath,
      VONAGE_MEDIA_ORIGINS: media.origin,
      MEDIA_ENCRYPTION_KEY: makeTestMasterKey().envValue,
      MEDIA_STORAGE_URL: `file:${path.join(storage.path, "media")}`,
    },
  }).catch(async (error: unknown) => {
    await Promise.all([database.drop(), media.close(), application.remove(), storage.remove()]);
    throw error;
  });
  const db = createDb(database.url);
  try {
    // Warm-up: the first requests of each route pay for loading and JIT compilation.
    await runLoad({ baseUrl: server.baseUrl, concurrency: 4, requests: [...liveProbes(200), ...signedWebhooks(200, secret, media)] });
    const rows: IngestRow[] = [];
    for (const step of options.plan) {
      const ingestRuns: LoadSummary[] = [];
      const baselineRuns: LoadSummary[] = [];
      let rowsStored = 0;
      let accepted = 0;
      for (let run = 0; run < options.runs; run++) {
        baselineRuns.push(summariseLoad(await runLoad({ baseUrl: server.baseUrl, concurrency: step.concurrency, requests: liveProbes(step.requests) })));
        const requests = signedWebhooks(step.requests, secret, media);
        const before = await db.message.count();
        const ingest = summariseLoad(await runLoad({ baseUrl: server.baseUrl, concurrency: step.concurrency, requests }));
        rowsStored += (await db.message.count()) - before;
        accepted += ingest.accepted;
        ingestRuns.push(ingest);
      }
      const ingestRate = median(ingestRuns.map((run) => run.requestsPerSecond));
      const baselineRate = median(baselineRuns.map((run) => run.requestsPerSecond));
      rows.push({
        concurrency: step.concurrency,
        ingest: { ...medianRun(ingestRuns, (run) => run.requestsPerSecond), requestsPerSecond: ingestRate },
        baseline: { ...medianRun(baselineRuns, (run) => run.requestsPerSecond), requestsPerSecond: baselineRate },
        throughputRatio: ingestRate / baselineRate,
        accepted,
        rowsStored,
        isLossless: rowsStored === accepted && ingestRuns.every((run) => run.errors === 0),
      });
    }
    return rows;
  } finally {
    await db.$disconnect();
    await server.stop();
    await database.drop();
    await media.close();
    await application.remove();
    await storage.remove();
  }
}
