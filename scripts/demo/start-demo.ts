// CareDesk with its local Vonage stand-ins: a media server and the Messages API (replies go to it,
// and it posts their statuses back, slowly enough to watch the ticks) on loopback, a Vonage
// application key pair made on the spot, and a server configured to trust them. `npm run demo` and
// the browser tests start exactly this.
import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { hashPassword } from "@/lib/auth/password";
import { createDb } from "@/lib/db";
import { startCareDeskServer, type RunningServer } from "../../test/support/start-server";
import { createFakeApplication } from "../../test/vonage-fake/application-keys";
import { startFakeMediaServer, type FakeMediaServer } from "../../test/vonage-fake/media-server";
import { startMessagesApiStandIn, type MessagesApiStandIn } from "../../test/vonage-fake/messages-api";
import { seedDemoConversations } from "./seed-demo-conversations";

/** Between a reply's 202 and each of its statuses (submitted, delivered, read): long enough to see each tick. */
const STATUS_DELAY_MS = 800;

export type DemoCredentials = { email: string; password: string };

export type Demo = {
  server: RunningServer;
  vonage: FakeMediaServer;
  /** Where the demo's replies go: it takes them as Vonage does and posts their statuses back. */
  messagesApi: MessagesApiStandIn;
  signatureSecret: string;
  apiKey: string;
  admin: DemoCredentials;
  agent: DemoCredentials;
  stop(): Promise<void>;
};

export async function startDemo(options: {
  databaseUrl: string;
  directory: string;
  port?: number;
  mediaPort?: number;
  authSecret?: string;
  admin?: DemoCredentials;
  agent?: DemoCredentials;
  signatureSecret?: string;
  isSeeded?: boolean;
}): Promise<Demo> {
  mkdirSync(options.directory, { recursive: true });
  const application = createFakeApplication(options.directory);
  const vonage = await startFakeMediaServer({ publicKey: application.publicKeyPem, applicationId: application.applicationId, port: options.mediaPort, isAdminApiEnabled: true });
  const signatureSecret = options.signatureSecret ?? randomBytes(16).toString("hex");
  const apiKey = "demo-api-key";
  // The server's address is known once it runs: the stand-in reads it when it posts a status.
  const statusTarget = { baseUrl: "", signatureSecret, apiKey };
  const messagesApi = await startMessagesApiStandIn({
    applicationId: application.applicationId,
    publicKeyPem: application.publicKeyPem,
    statusWebhook: statusTarget,
    statusDelayMs: STATUS_DELAY_MS,
  });
  const admin = options.admin ?? { email: "admin@caredesk.demo", password: `demo-${randomBytes(6).toString("hex")}` };
  const agent = options.agent ?? { email: "agent@caredesk.demo", password: `demo-${randomBytes(6).toString("hex")}` };

  const mediaEncryptionKey = `demo:${randomBytes(32).toString("base64")}`;
  const server = await startCareDeskServer({
    port: options.port,
    logFile: path.join(options.directory, "server.log"),
    env: {
      DATABASE_URL: options.databaseUrl,
      AUTH_SECRET: options.authSecret ?? randomBytes(32).toString("base64url"),
      ADMIN_EMAIL: admin.email,
      ADMIN_PASSWORD: admin.password,
      VONAGE_SIGNATURE_SECRET: signatureSecret,
      VONAGE_API_KEY: apiKey,
      VONAGE_APPLICATION_ID: application.applicationId,
      VONAGE_PRIVATE_KEY_PATH: application.privateKeyPath,
      VONAGE_MEDIA_ORIGINS: vonage.origin,
      VONAGE_API_HOST: messagesApi.url,
      AUTH_FAILURE_DELAY_MS: "0",
      // Archiving on, into the demo's own directory, under a key made for this run only.
      MEDIA_STORAGE_URL: `file:${path.join(options.directory, "media")}`,
      MEDIA_ENCRYPTION_KEY: mediaEncryptionKey,
    },
  }).catch(async (error: unknown) => {
    await Promise.all([vonage.close(), messagesApi.close()]);
    throw error;
  });
  statusTarget.baseUrl = server.baseUrl;
  const db = createDb(options.databaseUrl);
  try {
    await db.user.upsert({
      where: { email: agent.email },
      create: { email: agent.email, name: "Demo Agent", role: "agent", passwordHash: await hashPassword(agent.password) },
      update: { passwordHash: await hashPassword(agent.password), isDisabled: false },
    });
    if (options.isSeeded !== false) await seedDemoConversations({ baseUrl: server.baseUrl, signatureSecret, apiKey }, { media: vonage, messagesApi }, db);
  } catch (error) {
    await server.stop();
    await vonage.close();
    await messagesApi.close();
    throw error;
  } finally {
    await db.$disconnect();
  }
  return {
    server,
    vonage,
    messagesApi,
    signatureSecret,
    apiKey,
    admin,
    agent,
    async stop() {
      await server.stop();
      await vonage.close();
      await messagesApi.close();
    },
  };
}
