// The load generator, run as its own process by run-load.ts (so its CPU is not the runner's):
// reads pre-built requests from a JSON file, sends each once at a fixed concurrency over
// keep-alive connections, and prints one JSON line with timings and statuses.
import { readFileSync } from "node:fs";
import http from "node:http";
import type { LoadPlan, LoadResult, PlannedRequest } from "./run-load";

function send(agent: http.Agent, baseUrl: string, planned: PlannedRequest): Promise<number> {
  return new Promise((resolve) => {
    const request = http.request(new URL(planned.path, baseUrl), { method: planned.method, headers: planned.headers, agent }, (response) => {
      response.resume();
      response.on("end", () => resolve(response.statusCode ?? 0));
      response.on("error", () => resolve(0));
    });
    // Status 0 stands for a network error (refused, reset).
    request.on("error", () => resolve(0));
    request.end(planned.body);
  });
}

const plan = JSON.parse(readFileSync(process.argv[2]!, "utf8")) as LoadPlan;
const agent = new http.Agent({ keepAlive: true, maxSockets: plan.concurrency });
const latenciesMs: number[] = [];
const sentAtEpochMs: number[] = [];
const statuses: Record<string, number> = {};
let next = 0;
const startedAt = performance.now();
await Promise.all(
  Array.from({ length: plan.concurrency }, async () => {
    while (next < plan.requests.length) {
      const index = next++;
      const planned = plan.requests[index]!;
      const sentAt = performance.now();
      sentAtEpochMs[index] = performance.timeOrigin + sentAt;
      const status = await send(agent, plan.baseUrl, planned);
      latenciesMs.push(performance.now() - sentAt);
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
  }),
);
const result: LoadResult = { count: plan.requests.length, durationMs: performance.now() - startedAt, latenciesMs, statuses, startedAtEpochMs: performance.timeOrigin + startedAt, sentAtEpochMs };
agent.destroy();
process.stdout.write(`${JSON.stringify(result)}\n`);
