import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { defineConfig, devices } from "@playwright/test";

// Browser tests run Debian's Chromium (Playwright cannot download its own here) against a real
// `next start` on a fresh database, started by scripts/e2e-server.ts.

/** Two ports free right now, asked of the system (synchronously: this file is not async). */
function freePorts(): [number, number] {
  const script = `const net = require("node:net");
    const listen = () => new Promise((resolve) => { const server = net.createServer().listen(0, "127.0.0.1", () => resolve(server)); });
    Promise.all([listen(), listen()]).then((servers) => { console.log(servers.map((server) => server.address().port).join(" ")); servers.forEach((server) => server.close()); });`;
  const [app, media] = execFileSync(process.execPath, ["-e", script], { encoding: "utf8" }).trim().split(" ").map(Number);
  return [app!, media!];
}

// This file is evaluated by the main process and again by each worker: the ports are chosen
// once, in the first, and reach the others (and the web server) through the environment.
if (!process.env.E2E_PORT) {
  const [app, media] = freePorts();
  process.env.E2E_PORT = String(app);
  process.env.E2E_MEDIA_PORT ||= String(media);
}
const port = Number(process.env.E2E_PORT);
// Made once here; the web server and the test workers inherit it through the environment.
process.env.E2E_ADMIN_EMAIL ??= "e2e-admin@example.test";
process.env.E2E_ADMIN_PASSWORD ??= randomBytes(12).toString("base64url");
process.env.E2E_AGENT_EMAIL ??= "e2e-agent@example.test";
process.env.E2E_AGENT_PASSWORD ??= randomBytes(12).toString("base64url");
process.env.E2E_SIGNATURE_SECRET ??= randomBytes(16).toString("hex");
process.env.E2E_MEDIA_PORT ||= String(port + 1);

// Specs that start CareDesk servers of their own (scratch databases, their own stand-ins) share no
// data with the others: they run in a second worker, beside the specs on the shared demo server,
// which stay one at a time because they change its data (resolve, erase, add people).
const SPECS_WITH_OWN_SERVERS = ["replies", "sso", "teams", "triage", "unread-views"].map((name) => `${name}.spec.ts`);
// Asserts that live updates show within a second: it runs alone, after the others, so a busy
// second worker cannot make it late. Playwright does not run it when a spec before it failed.
const LATENCY_SPECS = ["live-updates.spec.ts"];
const chromium = { ...devices["Desktop Chrome"], channel: undefined };

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  fullyParallel: false,
  workers: 2,
  retries: 0,
  timeout: 60_000,
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  projects: [
    { name: "demo-server", use: chromium, testIgnore: [...SPECS_WITH_OWN_SERVERS, ...LATENCY_SPECS], workers: 1 },
    { name: "own-servers", use: chromium, testMatch: SPECS_WITH_OWN_SERVERS, workers: 1 },
    { name: "latency", use: chromium, testMatch: LATENCY_SPECS, dependencies: ["demo-server", "own-servers"] },
  ],
  webServer: {
    command: `npx tsx --conditions=react-server scripts/e2e-server.ts --port ${port}`,
    url: `http://127.0.0.1:${port}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    // Without it the server is SIGKILLed and cannot remove its database and key directory.
    gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
    stdout: "ignore",
    stderr: "pipe",
  },
});
