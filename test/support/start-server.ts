// Starts a real CareDesk server (`next start` on the build in .next) for integration tests,
// benchmarks and the demo, on a free loopback port, and waits until /api/health answers.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { makeTempDirectory } from "./temp-directory";

export type RunningServer = {
  baseUrl: string;
  port: number;
  logFile: string;
  process: ChildProcess;
  stop(): Promise<void>;
};

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

async function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
  });
}

export async function startCareDeskServer(options: {
  env: Record<string, string | undefined>;
  port?: number;
  logFile?: string;
  root?: string;
  timeoutMs?: number;
}): Promise<RunningServer> {
  const root = options.root ?? process.cwd();
  const port = options.port ?? (await freePort());
  if (options.port && !(await isPortFree(options.port))) {
    throw new Error(`Port ${options.port} is already in use: stop what runs there, or choose another port (PORT=…).`);
  }
  // A log directory made here goes with stop(); after a failed start it stays, for the error
  // message points at it, until the process exits.
  const logDirectory = options.logFile ? undefined : makeTempDirectory("caredesk-server");
  const logFile = options.logFile ?? path.join(logDirectory!.path, "server.log");
  const log = createWriteStream(logFile);
  const child = spawn(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: root,
    env: Object.fromEntries(
      Object.entries({
        ...process.env,
        NEXT_TELEMETRY_DISABLED: "1",
        NODE_ENV: "production",
        // Production needs a session secret; a test that wants none passes AUTH_SECRET: "".
        AUTH_SECRET: randomBytes(32).toString("base64url"),
        ...options.env,
      }).filter((entry): entry is [string, string] => entry[1] !== undefined),
    ) as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code, signal) => {
      // Said in the log, so a server that died under a test or benchmark leaves a trace.
      log.write(`[start-server] next start exited: code ${code}, signal ${signal}\n`);
      resolve(code);
    }),
  );
  const closed = new Promise<void>((resolve) => child.once("close", () => resolve()));
  const baseUrl = `http://127.0.0.1:${port}`;

  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  let isUp = false;
  while (Date.now() < deadline) {
    const exitCode = await Promise.race([exited, new Promise<"running">((r) => setTimeout(() => r("running"), 150))]);
    if (exitCode !== "running") {
      // All it printed is in the log before the caller reads it ("exit" can come before the output).
      await closed;
      await new Promise((resolve) => log.end(resolve));
      throw new Error(`CareDesk exited with code ${exitCode} before it was ready; see ${logFile}`);
    }
    const response = await fetch(`${baseUrl}/api/health`).catch(() => null);
    if (response) {
      await response.body?.cancel();
      isUp = true;
      break;
    }
  }
  if (!isUp) {
    child.kill("SIGKILL");
    throw new Error(`CareDesk did not answer on ${baseUrl} in time; see ${logFile}`);
  }
  return {
    baseUrl,
    port,
    logFile,
    process: child,
    async stop() {
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
        await exited;
        clearTimeout(timer);
      }
      await new Promise((resolve) => log.end(resolve));
      await logDirectory?.remove();
    },
  };
}
