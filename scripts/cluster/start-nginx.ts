// Debian's nginx as a child process (not a daemon) with its configuration, pid, logs and temporary
// files in a temporary directory of its own, in front of CareDesk instances on loopback ports.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, openSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { freePort } from "../../test/support/start-server";
import { makeTempDirectory } from "../../test/support/temp-directory";
import { writeNginxConfig } from "./write-nginx-config";

export type RunningNginx = {
  url: string;
  port: number;
  errorLogFile: string;
  accessLogFile: string;
  process: ChildProcess;
  stop(): Promise<void>;
};

/** NGINX_BINARY, else Debian's /usr/sbin/nginx, else nginx on the PATH. */
export function nginxBinary(): string {
  if (process.env.NGINX_BINARY) return process.env.NGINX_BINARY;
  if (existsSync("/usr/sbin/nginx")) return "/usr/sbin/nginx";
  if (spawnSync("nginx", ["-v"]).error === undefined) return "nginx";
  throw new Error("nginx is not installed: `apt-get install -y nginx` (Debian), or set NGINX_BINARY to its path.");
}

export async function startNginx(options: { instancePorts: number[]; port?: number }): Promise<RunningNginx> {
  const binary = nginxBinary();
  const directory = makeTempDirectory("caredesk-nginx");
  const port = options.port ?? (await freePort());
  const config = await writeNginxConfig(directory.path, { listenPort: port, instancePorts: options.instancePorts });
  const errorLogFile = path.join(directory.path, "error.log");
  // What nginx says before its error log is open (a bad configuration) goes to stderr: kept beside it.
  const output = openSync(path.join(directory.path, "nginx.out"), "a");
  const child = spawn(binary, ["-p", directory.path, "-c", config, "-g", "daemon off;"], { stdio: ["ignore", output, output] });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const failure = async (reason: string) => {
    child.kill("SIGKILL");
    await exited;
    const said = await readFile(path.join(directory.path, "nginx.out"), "utf8").catch(() => "");
    await directory.remove();
    return new Error(`nginx ${reason}${said ? `:\n${said.trim()}` : ""}`);
  };

  // nginx answers once it listens; /api/health proves the way through to an instance too.
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw await failure(`exited with ${child.exitCode ?? child.signalCode} before it served`);
    const response = await fetch(`${url}/api/health/live`).catch(() => null);
    await response?.body?.cancel();
    if (response?.status === 200) break;
    if (Date.now() > deadline) throw await failure(`did not pass requests to CareDesk on ${url} in time (last answer: ${response?.status ?? "none"})`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    port,
    errorLogFile,
    accessLogFile: path.join(directory.path, "access.log"),
    process: child,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        // SIGTERM: nginx's fast shutdown, open connections closed at once.
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
        await exited;
        clearTimeout(timer);
      }
      await directory.remove();
    },
  };
}
