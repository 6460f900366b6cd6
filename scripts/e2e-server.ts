// Serves the built app for the browser tests: the demo stack (CareDesk + local Vonage media
// stand-in + seeded conversations) on a fresh, throw-away SQLite database. Playwright starts it
// (playwright.config.ts) and stops it when the run ends.
import path from "node:path";
import { createScratchDatabase } from "../test/support/scratch-database";
import { startDemo, type Demo } from "./demo/start-demo";

const portIndex = process.argv.indexOf("--port");
const port = Number(portIndex > 0 ? process.argv[portIndex + 1] : 3210);

const database = await createScratchDatabase("sqlite", { prefix: "caredesk-e2e" });
// Set before the demo starts: Playwright may stop this server while it is still seeding (a short
// run), and the database's directory, with the demo's private key, must go then too.
const running: { demo?: Demo } = {};
let isStopping = false;
const shutdown = async () => {
  if (isStopping) return;
  isStopping = true;
  await running.demo?.stop().catch(() => {});
  await database.drop();
  process.exit(0);
};
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);

// The demo's key pair and log go into the database's directory: dropping it removes them all.
const demo = await startDemo({
  databaseUrl: database.url,
  directory: path.dirname(database.url.slice("file:".length)),
  port,
  mediaPort: Number(process.env.E2E_MEDIA_PORT),
  admin: { email: process.env.E2E_ADMIN_EMAIL!, password: process.env.E2E_ADMIN_PASSWORD! },
  agent: { email: process.env.E2E_AGENT_EMAIL!, password: process.env.E2E_AGENT_PASSWORD! },
  signatureSecret: process.env.E2E_SIGNATURE_SECRET,
}).catch(async (error: unknown) => {
  await database.drop();
  // Stopped while starting: the drop above was what was left to do.
  if (isStopping) process.exit(0);
  throw error;
});
running.demo = demo;
console.log(`CareDesk for e2e on ${demo.server.baseUrl} (log: ${demo.server.logFile})`);
if (isStopping) await shutdown();

demo.server.process.once("exit", (code) => {
  if (isStopping) return;
  console.error(`CareDesk exited (${code}); see ${demo.server.logFile}`);
  process.exit(1);
});
