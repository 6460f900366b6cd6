// Benchmark 2, media proxy: files through GET /api/media/{id} against the same files fetched
// directly from the media stand-in (with a Bearer JWT signed here), in the same run. Measures
// throughput, added time to first byte, the server's peak RSS growth while streaming the
// largest file, and how many media JWTs the server signs per 1,000 requests. The same files
// through reference-proxy.ts (a bare Node.js pipe) show what a proxy with nothing of its own
// to do reaches on the same machine: a ceiling for CareDesk's, which does that and more.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import jwt from "jsonwebtoken";
import type { DatabaseProvider } from "@/lib/db/database-url";
import { startMediaStack, type MediaStack } from "@/test/support/media-stack";
import { median } from "./statistics";

export type ThroughputRow = { sizeBytes: number; directMBps: number; proxiedMBps: number; ratio: number; referenceRatio: number };
export type MediaResult = {
  throughput: ThroughputRow[];
  firstByte: { directMs: number; proxiedMs: number; addedMs: number; samples: number };
  peakRssGrowthBytes: number;
  tokensPer1000Requests: number;
};

export type Download = { status: number; bytes: number; firstByteMs: number; totalMs: number };

/** One GET, body read and dropped as it arrives; times to the first body byte and to the end. */
export function download(agent: http.Agent, url: string, headers: Record<string, string>): Promise<Download> {
  return new Promise((resolve, reject) => {
    const startedAt = performance.now();
    let firstByteMs = Number.NaN;
    let bytes = 0;
    http
      .get(url, { headers, agent }, (response) => {
        response.on("data", (chunk: Buffer) => {
          if (bytes === 0) firstByteMs = performance.now() - startedAt;
          bytes += chunk.byteLength;
        });
        response.on("end", () => resolve({ status: response.statusCode ?? 0, bytes, firstByteMs, totalMs: performance.now() - startedAt }));
        response.on("error", reject);
      })
      .on("error", reject);
  });
}

/** Resident memory of a process, from /proc (Linux). */
export function residentBytes(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return match ? Number(match[1]) * 1024 : Number.NaN;
}

/** Like Vonage's SDK: RS256 with the application's key, claims application_id, iat, jti, exp. */
export function directToken(stack: MediaStack): string {
  const now = Math.floor(Date.now() / 1000);
  return jwt.sign({ application_id: stack.application.applicationId, iat: now, jti: randomUUID(), exp: now + 900 }, stack.application.privateKeyPem, {
    algorithm: "RS256",
  });
}

/**
 * Starts a baseline server (reference-proxy.ts in front of an origin, reference-file-server.ts
 * over a directory) in a process of its own; it prints its port, and is killed with `child`.
 */
export async function startReferenceServer(script: string, argument: string, child: { process?: ChildProcess }): Promise<string> {
  const started = spawn(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, script), argument], { stdio: ["pipe", "pipe", "inherit"] });
  child.process = started;
  const port = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start within 30 s`)), 30_000);
    started.stdout.once("data", (chunk: Buffer) => {
      clearTimeout(timer);
      resolve(chunk.toString().trim());
    });
    started.once("exit", (code) => reject(new Error(`${script} exited with ${code}`)));
  });
  return `http://127.0.0.1:${port}`;
}

export async function mustDownload(agent: http.Agent, url: string, headers: Record<string, string>, expectedBytes: number): Promise<Download> {
  const result = await download(agent, url, headers);
  if (result.status !== 200 || result.bytes !== expectedBytes) throw new Error(`GET ${url}: ${result.status}, ${result.bytes} of ${expectedBytes} bytes`);
  return result;
}

export async function benchmarkMediaProxy(options: {
  provider: DatabaseProvider;
  postgresServerUrl?: string;
  sizes: number[];
  runs: number;
  firstByteSamples: number;
  tokenRequests: number;
}): Promise<MediaResult> {
  // The token count below downloads eight files at once as one person, past the default cap of 6.
  const stack = await startMediaStack({ provider: options.provider, postgresServerUrl: options.postgresServerUrl, env: { MEDIA_STREAMS_PER_PERSON: "8" } });
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  const direct = { authorization: `Bearer ${directToken(stack)}` };
  const proxied = { cookie: stack.agentCookie };
  const serverPid = stack.server.process.pid!;
  const reference: { process?: ChildProcess } = {};
  try {
    const referenceBaseUrl = await startReferenceServer("reference-proxy.ts", stack.vonage.origin, reference);
    const files = new Map<number, { vonageId: string; mediaId: string }>();
    for (const size of [...options.sizes, 1024]) {
      const vonageId = randomUUID();
      const mediaId = await stack.receiveMedia({ id: vonageId, contentType: "video/mp4", body: randomBytes(size), messageType: "video" });
      files.set(size, { vonageId, mediaId });
    }
    const directUrl = (size: number) => stack.vonage.urlOf(files.get(size)!.vonageId);
    const proxiedUrl = (size: number) => `${stack.server.baseUrl}/api/media/${files.get(size)!.mediaId}`;
    const referenceUrl = (size: number) => directUrl(size).replace(stack.vonage.origin, referenceBaseUrl);

    // Warm-up of both paths alike: small requests, then one transfer of each size (JIT, TCP
    // windows and heap sizes settle), so the runs measure steady state.
    for (let index = 0; index < 20; index++) {
      await mustDownload(agent, directUrl(1024), direct, 1024);
      await mustDownload(agent, proxiedUrl(1024), proxied, 1024);
    }
    for (const size of options.sizes) {
      await mustDownload(agent, directUrl(size), direct, size);
      await mustDownload(agent, proxiedUrl(size), proxied, size);
      await mustDownload(agent, referenceUrl(size), direct, size);
    }

    const throughput: ThroughputRow[] = [];
    let peakRssGrowthBytes = 0;
    const largest = Math.max(...options.sizes);
    for (const size of options.sizes) {
      const directRates: number[] = [];
      const proxiedRates: number[] = [];
      const referenceRates: number[] = [];
      for (let run = 0; run < options.runs; run++) {
        directRates.push(size / 1e6 / ((await mustDownload(agent, directUrl(size), direct, size)).totalMs / 1000));
        const rssBefore = residentBytes(serverPid);
        let rssPeak = rssBefore;
        const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, residentBytes(serverPid))), 10);
        const result = await mustDownload(agent, proxiedUrl(size), proxied, size).finally(() => clearInterval(sampler));
        if (size === largest) peakRssGrowthBytes = Math.max(peakRssGrowthBytes, rssPeak - rssBefore);
        proxiedRates.push(size / 1e6 / (result.totalMs / 1000));
        referenceRates.push(size / 1e6 / ((await mustDownload(agent, referenceUrl(size), direct, size)).totalMs / 1000));
      }
      const directMBps = median(directRates);
      const proxiedMBps = median(proxiedRates);
      throughput.push({ sizeBytes: size, directMBps, proxiedMBps, ratio: proxiedMBps / directMBps, referenceRatio: median(referenceRates) / directMBps });
    }

    const directFirstBytes: number[] = [];
    const proxiedFirstBytes: number[] = [];
    for (let index = 0; index < options.firstByteSamples; index++) {
      directFirstBytes.push((await mustDownload(agent, directUrl(1024), direct, 1024)).firstByteMs);
      proxiedFirstBytes.push((await mustDownload(agent, proxiedUrl(1024), proxied, 1024)).firstByteMs);
    }

    // Every proxied request needs a JWT; the server should reuse one, not sign one per request.
    stack.vonage.stats.tokens.clear();
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next++ < options.tokenRequests) await mustDownload(agent, proxiedUrl(1024), proxied, 1024);
      }),
    );
    const tokensPer1000Requests = (stack.vonage.stats.tokens.size / options.tokenRequests) * 1000;

    const directMs = median(directFirstBytes);
    const proxiedMs = median(proxiedFirstBytes);
    return {
      throughput,
      firstByte: { directMs, proxiedMs, addedMs: proxiedMs - directMs, samples: options.firstByteSamples },
      peakRssGrowthBytes,
      tokensPer1000Requests,
    };
  } finally {
    reference.process?.kill();
    agent.destroy();
    await stack.stop();
  }
}
