// Runs one load (a list of pre-built requests at a concurrency) through load-generator.ts in a
// child process, and summarises it: requests/s, p50/p99 latency, errors.
import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { percentile } from "./statistics";

export type PlannedRequest = { method: "GET" | "POST"; path: string; headers: Record<string, string>; body?: string };
export type LoadPlan = { baseUrl: string; concurrency: number; requests: PlannedRequest[] };
export type LoadResult = {
  count: number;
  durationMs: number;
  latenciesMs: number[];
  statuses: Record<string, number>;
  /** Wall-clock times (performance.timeOrigin + now, sub-millisecond) of the start and of each request's sending, by its index in the plan: comparable with another process's. */
  startedAtEpochMs: number;
  sentAtEpochMs: number[];
};
export type LoadSummary = { requests: number; requestsPerSecond: number; p50Ms: number; p99Ms: number; errors: number; accepted: number; statuses: Record<string, number> };

const GENERATOR = path.join(import.meta.dirname, "load-generator.ts");
/** No single load may run longer than this: the generator is killed past it. */
const LOAD_TIMEOUT_MS = 120_000;

export async function runLoad(plan: LoadPlan): Promise<LoadResult> {
  const directory = await mkdtemp(path.join(tmpdir(), "caredesk-bench-"));
  const planFile = path.join(directory, "plan.json");
  await writeFile(planFile, JSON.stringify(plan));
  try {
    const child = spawn(process.execPath, ["--import", "tsx", GENERATOR, planFile], { stdio: ["ignore", "pipe", "inherit"] });
    const timer = setTimeout(() => child.kill("SIGKILL"), LOAD_TIMEOUT_MS);
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk));
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    clearTimeout(timer);
    if (code !== 0) throw new Error(`load generator exited with ${code}`);
    return JSON.parse(output) as LoadResult;
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

export function summariseLoad(result: LoadResult): LoadSummary {
  const accepted = result.statuses["200"] ?? 0;
  return {
    requests: result.count,
    requestsPerSecond: (result.count / result.durationMs) * 1000,
    p50Ms: percentile(result.latenciesMs, 50),
    p99Ms: percentile(result.latenciesMs, 99),
    errors: result.count - accepted,
    accepted,
    statuses: result.statuses,
  };
}
