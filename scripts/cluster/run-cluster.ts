// npm run cluster (after `npm run build`): three CareDesk instances on one PostgreSQL database and
// one S3-compatible store behind nginx, as the README's "Running several instances" describes, until
// Ctrl-C (or SIGTERM) stops them all and removes every temporary file. A development tool: try a
// deploy, a rolling restart or a crash by hand.
//
//   DATABASE_URL=postgresql://…/caredesk npm run cluster       # that database, migrated, kept
//   TEST_DATABASE_URL=postgresql://…/postgres npm run cluster  # a scratch database on that server, dropped at the end
//
// Media goes to a local S3 server for the run (s3rver) unless MEDIA_STORAGE_URL is set. Every other
// variable of the environment reaches the instances as it is (VONAGE_*, MEDIA_ENCRYPTION_KEY…).
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import { runCommand } from "../run-command";
import { startCluster, type Cluster, type ClusterDatabase } from "./start-cluster";

function chooseDatabase(): ClusterDatabase {
  const databaseUrl = process.env.DATABASE_URL;
  if (databaseUrl && /^postgres(ql)?:\/\//.test(databaseUrl)) return { url: databaseUrl };
  if (process.env.TEST_DATABASE_URL) return { serverUrl: process.env.TEST_DATABASE_URL };
  throw new Error(
    "npm run cluster needs PostgreSQL (instances share it): set DATABASE_URL=postgresql://… (a database to use) or TEST_DATABASE_URL=postgresql://… (a server to make a scratch database on).",
  );
}

/** For a scratch database only: a fresh one needs an admin, a webhook secret and an archive key to be tried. */
function scratchDefaults(): Record<string, string> {
  const defaults: Record<string, string> = {};
  if (!process.env.ADMIN_EMAIL) {
    defaults.ADMIN_EMAIL = "admin@caredesk.cluster";
    defaults.ADMIN_PASSWORD = `cluster-${randomBytes(9).toString("base64url")}`;
  }
  if (!process.env.VONAGE_SIGNATURE_SECRET) defaults.VONAGE_SIGNATURE_SECRET = randomBytes(24).toString("hex");
  if (!process.env.MEDIA_ENCRYPTION_KEY) defaults.MEDIA_ENCRYPTION_KEY = `cluster:${randomBytes(32).toString("base64")}`;
  return defaults;
}

function describe(cluster: Cluster, scratch: Record<string, string>): string {
  const lines = [
    `CareDesk cluster on ${cluster.url} (nginx, docs/nginx/caredesk.conf)`,
    ...cluster.instances.map((instance) => `  instance ${instance.name}: ${instance.baseUrl} (pid ${instance.server?.process.pid}, log ${instance.logFiles.at(-1)})`),
    `  nginx log: ${cluster.nginx.errorLogFile}`,
    `  database: ${new URL(cluster.databaseUrl).pathname.slice(1)}`,
  ];
  if (scratch.ADMIN_EMAIL) lines.push(`Sign in as ${scratch.ADMIN_EMAIL} / ${scratch.ADMIN_PASSWORD}`);
  if (scratch.VONAGE_SIGNATURE_SECRET) {
    lines.push(`Send a webhook: VONAGE_SIGNATURE_SECRET=${scratch.VONAGE_SIGNATURE_SECRET} npm run vonage:send -- inbound --url ${cluster.url}`);
  }
  lines.push("Stop an instance with kill <pid> to watch nginx pass its requests to the others. Ctrl-C stops everything.");
  return lines.join("\n");
}

await runCommand(async () => {
  if (!existsSync(path.join(process.cwd(), ".next", "BUILD_ID"))) throw new Error("The cluster runs the build: run `npm run build` first.");
  const database = chooseDatabase();
  const scratch = "serverUrl" in database ? scratchDefaults() : {};
  console.log("Starting three instances, the media store and nginx…");
  const cluster = await startCluster({ database, storage: process.env.MEDIA_STORAGE_URL ? "environment" : "s3rver", env: scratch });
  let isStopping = false;
  const stop = async () => {
    if (isStopping) return;
    isStopping = true;
    console.log("\nStopping the cluster…");
    await cluster.stop();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  for (const instance of cluster.instances) {
    instance.server?.process.once("exit", (code, signal) => {
      if (!isStopping) console.log(`instance ${instance.name} exited (${signal ?? code}); the others go on serving.`);
    });
  }
  cluster.nginx.process.once("exit", (code) => {
    if (isStopping) return;
    console.error(`nginx exited (${code}); see ${cluster.nginx.errorLogFile}. Stopping.`);
    void stop();
  });
  console.log(describe(cluster, scratch));
  // Runs until a signal: the child processes keep the event loop alive.
});
