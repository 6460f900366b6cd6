// Several CareDesk instances (`next start` on the build in .next) on one PostgreSQL database and one
// S3-compatible media store, behind nginx with the production configuration of
// docs/nginx/caredesk.conf: what `npm run cluster` serves and `npm run test:cluster` proves. A
// development and test tool, like the demo: it uses the test support's server starter, scratch
// databases and the local S3 server (s3rver, a devDependency) when no MEDIA_STORAGE_URL is given.
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { deployMigrations } from "@/scripts/db/run-prisma";
import { startS3Server, type S3Server } from "../../test/support/s3-server";
import { createScratchDatabase } from "../../test/support/scratch-database";
import { freePort, startCareDeskServer, type RunningServer } from "../../test/support/start-server";
import { makeTempDirectory } from "../../test/support/temp-directory";
import { startNginx, type RunningNginx } from "./start-nginx";

export type ClusterDatabase =
  /** A database to use as it is: migrated (`prisma migrate deploy`), never dropped. */
  | { url: string }
  /** A PostgreSQL server (its URL names any database to connect through): a scratch database is made on it and dropped at the end. */
  | { serverUrl: string };

export type ClusterOptions = {
  database: ClusterDatabase;
  /** "s3rver": a local S3-compatible server for the run; "environment": MEDIA_STORAGE_URL and the AWS_* variables as they are set. */
  storage: "s3rver" | "environment";
  instanceCount?: number;
  /** nginx's port (a free one unless given). */
  port?: number;
  /** Added to every instance's environment, over the cluster's own. */
  env?: Record<string, string>;
  /** How long one `next start` may take to answer (the machine may be busy). */
  startTimeoutMs?: number;
};

export type ClusterInstance = {
  /** "a", "b", "c"… */
  name: string;
  port: number;
  baseUrl: string;
  /** The log of each start of this instance, oldest first. */
  logFiles: string[];
  /** Its process while it runs. */
  server: RunningServer | undefined;
};

export type InstanceExit = { code: number | null; signal: NodeJS.Signals | null; wasForced: boolean };

export type Cluster = {
  /** nginx's address (http://localhost:PORT): where browsers and Vonage go. */
  url: string;
  databaseUrl: string;
  /** Every instance's environment (besides the caller's own): secrets the tests sign and sign in with. */
  env: Record<string, string>;
  instances: ClusterInstance[];
  nginx: RunningNginx;
  /** Where instance logs are kept while the cluster runs. */
  logDirectory: string;
  /**
   * Stops one instance and resolves once it has exited: SIGTERM as a deploy stops it (SIGKILL only
   * after `graceMs`, then `wasForced`), or SIGKILL as a crash.
   */
  stopInstance(index: number, options?: { signal?: "SIGTERM" | "SIGKILL"; graceMs?: number }): Promise<InstanceExit>;
  /** Starts a stopped instance again on its port; resolves once it answers. */
  startInstance(index: number): Promise<void>;
  stop(): Promise<void>;
};

const INSTANCE_NAMES = "abcdefghij";

async function openDatabase(database: ClusterDatabase): Promise<{ url: string; drop(): Promise<void> }> {
  if ("url" in database) {
    if (!/^postgres(ql)?:\/\//.test(database.url)) throw new Error("Several instances share one PostgreSQL database: the database URL must be postgresql://…");
    await deployMigrations(database.url);
    return { url: database.url, drop: async () => {} };
  }
  return createScratchDatabase("postgresql", { postgresServerUrl: database.serverUrl, prefix: "caredesk_cluster" });
}

function exitOf(server: RunningServer): InstanceExit | undefined {
  const { exitCode, signalCode } = server.process;
  return exitCode === null && signalCode === null ? undefined : { code: exitCode, signal: signalCode, wasForced: false };
}

export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const instanceCount = options.instanceCount ?? 3;
  const startTimeoutMs = options.startTimeoutMs ?? 180_000;
  // Undone in reverse order on stop, or when starting fails half-way.
  const undo: (() => Promise<void>)[] = [];
  const undoAll = async () => {
    for (const step of undo.reverse()) await step().catch((error: unknown) => console.error(`cluster: stopping: ${error instanceof Error ? error.message : String(error)}`));
    undo.length = 0;
  };
  try {
    const logs = makeTempDirectory("caredesk-cluster");
    undo.push(() => logs.remove());
    let s3: S3Server | undefined;
    if (options.storage === "s3rver") {
      s3 = await startS3Server();
      undo.push(() => s3!.stop());
    }
    const database = await openDatabase(options.database);
    undo.push(() => database.drop());

    const port = options.port ?? (await freePort());
    // As localhost: Next reports a request to 127.0.0.1 as localhost, and Auth.js's redirects
    // must stay on the origin the browser (and AUTH_URL) uses.
    const url = `http://localhost:${port}`;
    const env: Record<string, string> = {
      DATABASE_URL: database.url,
      // Every instance must read every other's session cookies.
      AUTH_SECRET: process.env.AUTH_SECRET || randomBytes(32).toString("base64url"),
      AUTH_URL: process.env.AUTH_URL || url,
      PUBLIC_URL: process.env.PUBLIC_URL || url,
      // One nginx appends the client's address to X-Forwarded-For.
      TRUSTED_PROXY_HOPS: process.env.TRUSTED_PROXY_HOPS || "1",
      ...(s3?.env("cluster") ?? {}),
      ...options.env,
    };

    const instances: ClusterInstance[] = [];
    const started: { nginx?: RunningNginx } = {};
    // A run that ends without stopping the cluster (a test worker that failed hard) leaves no
    // instance or nginx running behind it.
    const killLeftovers = () => {
      for (const instance of instances) instance.server?.process.kill("SIGKILL");
      started.nginx?.process.kill("SIGKILL");
    };
    process.on("exit", killLeftovers);
    undo.push(async () => void process.off("exit", killLeftovers));
    for (let index = 0; index < instanceCount; index++) {
      const instancePort = await freePort();
      instances.push({ name: INSTANCE_NAMES[index]!, port: instancePort, baseUrl: `http://127.0.0.1:${instancePort}`, logFiles: [], server: undefined });
    }
    const startInstance = async (index: number) => {
      const instance = instances[index]!;
      if (instance.server && !exitOf(instance.server)) throw new Error(`instance ${instance.name} is running already`);
      const logFile = path.join(logs.path, `instance-${instance.name}-${instance.logFiles.length + 1}.log`);
      instance.logFiles.push(logFile);
      try {
        instance.server = await startCareDeskServer({ env, port: instance.port, logFile, timeoutMs: startTimeoutMs });
      } catch (error) {
        // The log goes with the cluster's directory: what it said goes with the error.
        const said = (await readFile(logFile, "utf8").catch(() => "")).trim().split("\n").slice(-15).join("\n");
        throw new Error(`instance ${instance.name}: ${error instanceof Error ? error.message : String(error)}\n${said}`);
      }
    };
    const stopInstance: Cluster["stopInstance"] = async (index, { signal = "SIGTERM", graceMs = 60_000 } = {}) => {
      const server = instances[index]?.server;
      if (!server) throw new Error(`instance ${instances[index]?.name ?? index} is not running`);
      let exit = exitOf(server);
      if (!exit) {
        const exited = new Promise<InstanceExit>((resolve) => server.process.once("exit", (code, exitSignal) => resolve({ code, signal: exitSignal, wasForced: false })));
        server.process.kill(signal);
        let isForced = false;
        const timer = setTimeout(() => {
          isForced = true;
          server.process.kill("SIGKILL");
        }, graceMs);
        exit = { ...(await exited), wasForced: isForced };
        clearTimeout(timer);
      }
      // Closes its log; the process has gone already.
      await server.stop();
      instances[index]!.server = undefined;
      return exit;
    };
    undo.push(async () => {
      await Promise.all(instances.map((instance, index) => (instance.server ? stopInstance(index, { graceMs: 10_000 }) : undefined)));
    });
    // All at once, as a deploy starts them: first start-up work (the first admin) must cope.
    const starts = await Promise.allSettled(instances.map((_, index) => startInstance(index)));
    const failedStart = starts.find((start) => start.status === "rejected");
    if (failedStart) throw failedStart.reason;

    const nginx = await startNginx({ port, instancePorts: instances.map((instance) => instance.port) });
    started.nginx = nginx;
    undo.push(() => nginx.stop());

    return {
      url,
      databaseUrl: database.url,
      env,
      instances,
      nginx,
      logDirectory: logs.path,
      stopInstance,
      startInstance,
      stop: undoAll,
    };
  } catch (error) {
    await undoAll();
    throw error;
  }
}
