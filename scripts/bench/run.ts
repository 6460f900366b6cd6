// npm run bench: CareDesk's benchmarks against `next start` (built first when .next is missing)
// on the embedded SQLite database, and on PostgreSQL too when DATABASE_URL or TEST_DATABASE_URL
// names a PostgreSQL server. Prints a table and writes bench-results/latest.json.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { DatabaseProvider } from "@/lib/db/database-url";
import { nginxBinary } from "../cluster/start-nginx";
import { postgresServerUrl } from "../postgres-server-url";
import { benchmarkDashboard, type DashboardResult } from "./dashboard";
import { benchmarkLiveUpdates, type LiveResult, type LiveScenario } from "./live-updates";
import { benchmarkLiveUpdatesAcrossInstances } from "./live-updates-across-instances";
import { benchmarkMediaArchive, type ArchiveResult } from "./media-archive";
import { benchmarkTeamInboxList, type TeamListResult } from "./team-inbox-list";
import { benchmarkMediaProxy, type MediaResult } from "./media-proxy";
import { measurePageWeight } from "./page-weight";
import { benchmarkSearch, type SearchResult } from "./search";
import { printResults } from "./print-results";
import { benchmarkReplies, type RepliesResult } from "./replies";
import { benchmarkWebhookIngest, type IngestRow } from "./webhook-ingest";

const RUNS = 3;
const INGEST_PLAN = [
  { concurrency: 1, requests: 300 },
  { concurrency: 16, requests: 1000 },
  { concurrency: 64, requests: 1000 },
];
const MEDIA_SIZES = [1_000_000, 20_000_000, 200_000_000];
// Large transfers vary more run to run on shared cores than the other benchmarks.
const MEDIA_RUNS = 5;
const PAGE_ROUTES = ["/", "/login", "/conversations", "/conversations/[conversationId]"];
/** Seconds of webhooks per live-update scenario; BENCH_LIVE_SECONDS=5 for a quick look. */
const LIVE_SECONDS = Number(process.env.BENCH_LIVE_SECONDS) > 0 ? Number(process.env.BENCH_LIVE_SECONDS) : 20;
const LIVE_SCENARIOS: LiveScenario[] = [
  { tabs: 50, messagesPerSecond: 2, client: "live", seconds: LIVE_SECONDS },
  { tabs: 50, messagesPerSecond: 10, client: "live", seconds: LIVE_SECONDS },
  { tabs: 200, messagesPerSecond: 2, client: "live", seconds: LIVE_SECONDS },
  { tabs: 50, messagesPerSecond: 2, client: "baseline", seconds: LIVE_SECONDS },
  // Events 100 ms apart keep restarting the old 250 ms debounce, so its pages wait for the sending
  // to stop: a shorter run says as much.
  { tabs: 50, messagesPerSecond: 10, client: "baseline", seconds: Math.min(LIVE_SECONDS, 8) },
];
const ARCHIVE_PLAN = {
  largeBytes: 200_000_000,
  runs: 3,
  photo: { bytes: 1_000_000, files: 50, requests: 200, concurrency: 8 },
  // The worker wakes on each webhook and polls every 2 s: a 1 KB file pending this long means none runs.
  workerTimeoutMs: 15_000,
};
const REPLIES_PLAN = {
  latency: { sends: 200, rounds: 4, warmUp: 20, conversations: 10 },
  throughput: { replies: 500, concurrency: 16, conversations: 100 },
};
const SEARCH_SAMPLES = { samples: 20, baselineSamples: 3 };
const BENCHMARKS = ["ingest", "media", "dashboard", "live", "live-cluster", "archive", "replies", "teams", "search"] as const;
type Benchmark = (typeof BENCHMARKS)[number];

/** `npm run bench -- ingest media` runs only those; no names runs all of them. */
function chosenBenchmarks(names: string[]): Set<Benchmark> {
  const unknown = names.filter((name) => !(BENCHMARKS as readonly string[]).includes(name));
  if (unknown.length > 0) {
    console.error(`Unknown benchmark ${unknown.join(", ")}: choose from ${BENCHMARKS.join(", ")} (or none for all).`);
    process.exit(2);
  }
  return new Set((names.length > 0 ? names : BENCHMARKS) as Benchmark[]);
}

/** Why the cluster cannot start here (no nginx), or null: the other benchmarks run either way. */
function missingNginxReason(): string | null {
  try {
    nginxBinary();
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

export type BenchResults = {
  measuredAt: string;
  machine: { cpus: number; cpuModel: string; memoryBytes: number; node: string; platform: string };
  providers: {
    provider: DatabaseProvider;
    ingest?: IngestRow[];
    media?: MediaResult;
    dashboard?: DashboardResult;
    live?: LiveResult;
    /** The live scenarios against three instances behind nginx (PostgreSQL only). */
    liveCluster?: LiveResult;
    archive?: ArchiveResult;
    replies?: RepliesResult;
    teams?: TeamListResult;
    search?: SearchResult;
  }[];
  pageWeight: ReturnType<typeof measurePageWeight>;
  durationSeconds: number;
};

const chosen = chosenBenchmarks(process.argv.slice(2));
const startedAt = performance.now();
const root = process.cwd();
if (!existsSync(path.join(root, ".next", "BUILD_ID"))) {
  console.log("No build in .next: running next build first…");
  execFileSync(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "build"], { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
}
const postgres = postgresServerUrl();
const providers: DatabaseProvider[] = postgres ? ["sqlite", "postgresql"] : ["sqlite"];
const results: BenchResults = {
  measuredAt: new Date().toISOString(),
  machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? "unknown", memoryBytes: os.totalmem(), node: process.version, platform: `${os.platform()} ${os.release()}` },
  providers: [],
  pageWeight: measurePageWeight(PAGE_ROUTES),
  durationSeconds: 0,
};
for (const provider of providers) {
  const result: BenchResults["providers"][number] = { provider };
  if (chosen.has("ingest")) {
    console.log(`${provider}: webhook ingest…`);
    result.ingest = await benchmarkWebhookIngest({ provider, postgresServerUrl: postgres, plan: INGEST_PLAN, runs: RUNS });
  }
  if (chosen.has("media")) {
    console.log(`${provider}: media proxy…`);
    result.media = await benchmarkMediaProxy({ provider, postgresServerUrl: postgres, sizes: MEDIA_SIZES, runs: MEDIA_RUNS, firstByteSamples: 200, tokenRequests: 1000 });
  }
  if (chosen.has("dashboard")) {
    console.log(`${provider}: dashboard at scale (seeding 10,000 conversations and 1,000,000 messages)…`);
    result.dashboard = await benchmarkDashboard({ provider, postgresServerUrl: postgres, samples: 30 });
  }
  if (chosen.has("live")) {
    console.log(`${provider}: live updates (simulated tabs while webhooks arrive)…`);
    result.live = await benchmarkLiveUpdates({ provider, postgresServerUrl: postgres, scenarios: LIVE_SCENARIOS });
  }
  if (chosen.has("live-cluster")) {
    const missingNginx = missingNginxReason();
    if (provider !== "postgresql" || !postgres) {
      console.log(`${provider}: live updates across instances skipped: instances share one PostgreSQL database${postgres ? "" : " (set TEST_DATABASE_URL=postgresql://…)"}.`);
    } else if (missingNginx) {
      console.log(`${provider}: live updates across instances skipped: ${missingNginx}`);
    } else {
      console.log(`${provider}: live updates across three instances behind nginx (tabs spread over them, webhooks through nginx)…`);
      result.liveCluster = await benchmarkLiveUpdatesAcrossInstances({ postgresServerUrl: postgres, scenarios: LIVE_SCENARIOS });
    }
  }
  if (chosen.has("archive")) {
    console.log(`${provider}: media archive (copy, serving a large file, 1 MB photos)…`);
    result.archive = await benchmarkMediaArchive({ provider, postgresServerUrl: postgres, ...ARCHIVE_PLAN });
  }
  if (chosen.has("replies")) {
    console.log(`${provider}: replies (the composer's submit to Vonage's 202, against the official client straight at the stand-in)…`);
    result.replies = await benchmarkReplies({ provider, postgresServerUrl: postgres, ...REPLIES_PLAN });
  }
  if (chosen.has("teams")) {
    console.log(`${provider}: the inbox list of an agent in a team (10,000 conversations, 3 of 10 inboxes)…`);
    result.teams = await benchmarkTeamInboxList({ provider, postgresServerUrl: postgres, samples: 30 });
  }
  if (chosen.has("search")) {
    console.log(`${provider}: inbox search at scale (seeding 10,000 conversations and 1,000,000 messages)…`);
    result.search = await benchmarkSearch({ provider, postgresServerUrl: postgres, ...SEARCH_SAMPLES });
  }
  results.providers.push(result);
}
results.durationSeconds = Math.round((performance.now() - startedAt) / 1000);
printResults(results);
await mkdir(path.join(root, "bench-results"), { recursive: true });
await writeFile(path.join(root, "bench-results", "latest.json"), `${JSON.stringify(results, null, 2)}\n`);
console.log(`\nWrote bench-results/latest.json (${results.durationSeconds} s).`);
