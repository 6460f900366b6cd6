// A CareDesk server wired to the local Vonage media stand-in, with a fresh database and a
// signed-in agent: what the media proxy tests, benchmarks and browser tests run against.
import { randomBytes, randomUUID } from "node:crypto";
import { createDb, type Db } from "@/lib/db";
import type { DatabaseProvider } from "@/lib/db/database-url";
import { createScratchDatabase } from "./scratch-database";
import { createFakeApplication, type FakeApplication } from "../vonage-fake/application-keys";
import { buildInboundPayload } from "../vonage-fake/build-payloads";
import { startFakeMediaServer, type FakeMediaInput, type FakeMediaServer } from "../vonage-fake/media-server";
import { sendWebhook } from "../vonage-fake/send-webhook";
import { createTestUser, TEST_PASSWORD } from "./factories";
import { mustSignIn } from "./http-session";
import { startCareDeskServer, type RunningServer } from "./start-server";

export type MediaStack = {
  server: RunningServer;
  vonage: FakeMediaServer;
  application: FakeApplication;
  db: Db;
  /** The scratch database's URL, for a second server on the same data. */
  databaseUrl: string;
  agentCookie: string;
  /** The secret the server verifies webhooks with (tests sign their own, forged or not). */
  signatureSecret: string;
  /** Stores a file at the stand-in and delivers a signed inbound webhook for it; returns CareDesk's media id. */
  receiveMedia(input: FakeMediaInput & { fileName?: string; messageType?: "image" | "audio" | "video" | "file" }): Promise<string>;
  /** Another CareDesk instance on the same database, configured alike (plus `env`); stopped with the stack. */
  startAnotherServer(env?: Record<string, string>): Promise<RunningServer>;
  stop(): Promise<void>;
};

export async function startMediaStack(options: { provider: DatabaseProvider; postgresServerUrl?: string; env?: Record<string, string> }): Promise<MediaStack> {
  const application = createFakeApplication();
  const vonage = await startFakeMediaServer({ publicKey: application.publicKeyPem, applicationId: application.applicationId });
  const database = await createScratchDatabase(options.provider, { postgresServerUrl: options.postgresServerUrl, prefix: "caredesk_media" });
  const signatureSecret = randomBytes(16).toString("hex");
  const serverEnv = {
    DATABASE_URL: database.url,
    VONAGE_SIGNATURE_SECRET: signatureSecret,
    VONAGE_APPLICATION_ID: application.applicationId,
    VONAGE_PRIVATE_KEY_PATH: application.privateKeyPath,
    VONAGE_MEDIA_ORIGINS: vonage.origin,
    AUTH_FAILURE_DELAY_MS: "0",
    ...options.env,
  };
  const server = await startCareDeskServer({ env: serverEnv });
  const otherServers: RunningServer[] = [];
  const db = createDb(database.url);
  const agent = await createTestUser(db);
  const agentCookie = await mustSignIn(server.baseUrl, agent.email, TEST_PASSWORD);

  return {
    server,
    vonage,
    application,
    db,
    databaseUrl: database.url,
    agentCookie,
    signatureSecret,
    async receiveMedia(input) {
      const id = input.id ?? randomUUID();
      vonage.addMedia({ ...input, id });
      const messageType = input.messageType ?? "file";
      const payload = buildInboundPayload({ channel: "whatsapp", messageType, mediaOrigin: vonage.origin, mediaIds: [id] });
      if (input.fileName !== undefined) (payload[messageType] as { name?: string }).name = input.fileName;
      const response = await sendWebhook({ baseUrl: server.baseUrl, signatureSecret }, "inbound", payload);
      if (response.status !== 200) throw new Error(`webhook refused: ${response.status} ${await response.text()}`);
      const item = await db.mediaItem.findFirstOrThrow({ where: { message: { messageUuid: String(payload.message_uuid) } } });
      return item.id;
    },
    async startAnotherServer(env = {}) {
      const other = await startCareDeskServer({ env: { ...serverEnv, ...env } });
      otherServers.push(other);
      return other;
    },
    async stop() {
      await db.$disconnect();
      await Promise.all(otherServers.map((other) => other.stop()));
      await server.stop();
      await vonage.close();
      await database.drop();
      await application.remove();
    },
  };
}
