// Serves the built app for the browser tests: `next start` on a fresh, throw-away SQLite database.
// Playwright starts it (playwright.config.ts) and stops it when the run ends.
import { createScratchDatabase } from "../lib/db/scratch-database";
import { startCareDeskServer } from "../lib/testing/start-server";

const portIndex = process.argv.indexOf("--port");
const port = Number(portIndex > 0 ? process.argv[portIndex + 1] : 3210);

const database = await createScratchDatabase("sqlite", { prefix: "caredesk-e2e" });
const server = await startCareDeskServer({
  port,
  env: {
    DATABASE_URL: database.url,
    ADMIN_EMAIL: process.env.E2E_ADMIN_EMAIL,
    ADMIN_PASSWORD: process.env.E2E_ADMIN_PASSWORD,
    AUTH_FAILURE_DELAY_MS: "0",
  },
});
console.log(`CareDesk for e2e on ${server.baseUrl} (log: ${server.logFile})`);

const shutdown = async () => {
  await server.stop();
  await database.drop();
  process.exit(0);
};
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
server.process.once("exit", (code) => {
  console.error(`CareDesk exited (${code}); see ${server.logFile}`);
  process.exit(1);
});
