// Vitest global setup for integration tests: one real CareDesk server per database provider
// (SQLite always, PostgreSQL when TEST_DATABASE_URL is set), each on its own freshly migrated database.
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import type { TestProject } from "vitest/node";
import type { DatabaseProvider } from "@/lib/db/database-url";
import { createScratchDatabase, prepareMigratedTemplates, type ScratchDatabase } from "./scratch-database";
import { startRunTempRoot } from "./start-run-temp-root";
import { startCareDeskServer, type RunningServer } from "./start-server";

export type TestServer = { provider: DatabaseProvider; baseUrl: string; databaseUrl: string; logFile: string };

declare module "vitest" {
  export interface ProvidedContext {
    careDeskServers: TestServer[];
    signatureSecret: string;
    vonageApiKey: string;
    firstAdminPassword: string;
    /** The servers' AUTH_SECRET, so tests can make session cookies as Auth.js does. */
    authSecret: string;
  }
}

export default async function setup(project: TestProject) {
  if (!existsSync(path.join(process.cwd(), ".next", "BUILD_ID"))) {
    throw new Error("Integration tests run against `next start`: run `npm run build` first (npm test does).");
  }
  const checkTempRoot = await startRunTempRoot();
  const providers: DatabaseProvider[] = process.env.TEST_DATABASE_URL ? ["sqlite", "postgresql"] : ["sqlite"];
  const signatureSecret = randomBytes(24).toString("hex");
  const vonageApiKey = "caredesk-test";
  const firstAdminPassword = randomBytes(12).toString("base64url");
  const authSecret = randomBytes(32).toString("base64url");
  const databases: ScratchDatabase[] = [];
  const servers: RunningServer[] = [];
  const provided: TestServer[] = [];
  const dropTemplates = await prepareMigratedTemplates(providers, process.env.TEST_DATABASE_URL);
  try {
    for (const provider of providers) {
      const database = await createScratchDatabase(provider, { postgresServerUrl: process.env.TEST_DATABASE_URL, prefix: "caredesk_test" });
      databases.push(database);
      const server = await startCareDeskServer({
        env: {
          DATABASE_URL: database.url,
          VONAGE_SIGNATURE_SECRET: signatureSecret,
          VONAGE_API_KEY: vonageApiKey,
          LOG_LEVEL: "info",
          AUTH_SECRET: authSecret,
          ADMIN_EMAIL: "first-admin@example.test",
          ADMIN_PASSWORD: firstAdminPassword,
          // Many tests sign in from one address: only the lockout tests (own server) hit the limits.
          AUTH_LOCKOUT_ADDRESS_FAILURES: "100000",
          AUTH_FAILURE_DELAY_MS: "0",
          // Tests count the rows of the requests they refuse: only the flood test (own server) hits the cap.
          WEBHOOK_REFUSED_EVENTS_PER_MINUTE: "100000",
          // Live streams re-check their person every second, so tests see them close quickly.
          LIVE_ACCESS_CHECK_SECONDS: "1",
          // Snoozed conversations come back within a second, so tests see them wake quickly.
          SNOOZE_CHECK_SECONDS: "1",
        },
      });
      servers.push(server);
      provided.push({ provider, baseUrl: server.baseUrl, databaseUrl: database.url, logFile: server.logFile });
    }
  } catch (error) {
    await Promise.all(servers.map((server) => server.stop()));
    await Promise.all(databases.map((database) => database.drop()));
    await dropTemplates();
    await checkTempRoot();
    throw error;
  }
  project.provide("careDeskServers", provided);
  project.provide("signatureSecret", signatureSecret);
  project.provide("vonageApiKey", vonageApiKey);
  project.provide("firstAdminPassword", firstAdminPassword);
  project.provide("authSecret", authSecret);
  return async () => {
    await Promise.all(servers.map((server) => server.stop()));
    await Promise.all(databases.map((database) => database.drop()));
    await dropTemplates();
    await checkTempRoot();
  };
}
