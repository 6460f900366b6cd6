// A CareDesk server of its own, on a fresh database, with a known webhook signature secret: for
// tests that load it, cut its database or count every row (robustness tests).
import { randomBytes } from "node:crypto";
import { createDb, type Db } from "@/lib/db";
import type { DatabaseProvider } from "@/lib/db/database-url";
import { createScratchDatabase, type ScratchDatabase } from "./scratch-database";
import type { WebhookTarget } from "../vonage-fake/send-webhook";
import { startCareDeskServer, type RunningServer } from "./start-server";

export type WebhookStack = {
  server: RunningServer;
  database: ScratchDatabase;
  /** A client of the database itself (not through any proxy the server uses). */
  db: Db;
  target: Required<WebhookTarget>;
  stop(): Promise<void>;
};

export async function startWebhookStack(options: {
  provider: DatabaseProvider;
  postgresServerUrl?: string;
  /** The server's DATABASE_URL from the scratch database's (to go through a proxy). */
  serverDatabaseUrl?: (databaseUrl: string) => string;
  env?: Record<string, string>;
}): Promise<WebhookStack> {
  const database = await createScratchDatabase(options.provider, { postgresServerUrl: options.postgresServerUrl, prefix: "caredesk_robust" });
  const target = { baseUrl: "", signatureSecret: randomBytes(24).toString("hex"), apiKey: "caredesk-robustness" };
  let server: RunningServer;
  try {
    server = await startCareDeskServer({
      env: {
        DATABASE_URL: options.serverDatabaseUrl ? options.serverDatabaseUrl(database.url) : database.url,
        VONAGE_SIGNATURE_SECRET: target.signatureSecret,
        VONAGE_API_KEY: target.apiKey,
        // These suites count the requests they see refused: the cap has a test of its own.
        WEBHOOK_REFUSED_EVENTS_PER_MINUTE: "100000",
        ...options.env,
      },
    });
  } catch (error) {
    await database.drop();
    throw error;
  }
  target.baseUrl = server.baseUrl;
  const db = createDb(database.url);
  return {
    server,
    database,
    db,
    target,
    async stop() {
      await db.$disconnect();
      await server.stop();
      await database.drop();
    },
  };
}
