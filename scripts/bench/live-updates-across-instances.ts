// Benchmark: the live-update benchmark (live-updates.ts) against three CareDesk instances behind
// nginx on one PostgreSQL database, started as `npm run cluster` starts them (start-cluster.ts).
// The webhooks go through nginx, which passes each to the next instance in turn, so most of the
// time a tab's update comes from another instance than its own, by PostgreSQL's NOTIFY. The tabs
// are spread evenly over four addresses: each instance directly, and nginx. The direct ones make
// the spread over instances exact, whatever nginx does with the other requests; the ones through
// nginx take the path browsers take, their streams proxied unbuffered and each reconnect landing on
// whichever instance nginx picks, with only Last-Event-ID to go on.
import { startCluster } from "@/scripts/cluster/start-cluster";
import { liveServerEnv, liveWebhookSecret, measureLiveUpdates, type LiveResult, type LiveScenario } from "./live-updates";

export async function benchmarkLiveUpdatesAcrossInstances(options: { postgresServerUrl: string; scenarios: LiveScenario[] }): Promise<LiveResult> {
  const secret = liveWebhookSecret();
  const cluster = await startCluster({ database: { serverUrl: options.postgresServerUrl }, storage: "s3rver", env: liveServerEnv(secret) });
  try {
    const instances = cluster.instances.map((instance) => ({ name: instance.name, pid: instance.server!.process.pid!, port: instance.port }));
    return await measureLiveUpdates(
      {
        databaseUrl: cluster.databaseUrl,
        secret,
        url: cluster.url,
        tabAddresses: [...cluster.instances.map((instance) => ({ name: instance.name, baseUrl: instance.baseUrl })), { name: "nginx", baseUrl: cluster.url }],
        instances,
        proxyPid: cluster.nginx.process.pid,
      },
      options.scenarios,
    );
  } finally {
    await cluster.stop();
  }
}
