import { randomBytes } from "node:crypto";
import { defineConfig, devices } from "@playwright/test";

// Browser tests run Debian's Chromium (Playwright cannot download its own here) against a real
// `next start` on a fresh database, started by scripts/e2e-server.ts.
const port = Number(process.env.E2E_PORT ?? 3210);
// Made once here; the web server and the test workers inherit it through the environment.
process.env.E2E_ADMIN_EMAIL ??= "e2e-admin@example.test";
process.env.E2E_ADMIN_PASSWORD ??= randomBytes(12).toString("base64url");
process.env.E2E_AGENT_EMAIL ??= "e2e-agent@example.test";
process.env.E2E_AGENT_PASSWORD ??= randomBytes(12).toString("base64url");
process.env.E2E_SIGNATURE_SECRET ??= randomBytes(16).toString("hex");
process.env.E2E_MEDIA_PORT ??= String(port + 1);

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  fullyParallel: false,
  workers: 1,
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
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], channel: undefined } }],
  webServer: {
    command: `npx tsx --conditions=react-server scripts/e2e-server.ts --port ${port}`,
    url: `http://127.0.0.1:${port}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "ignore",
    stderr: "pipe",
  },
});
