// A CareDesk server that sends replies to the local Messages API stand-in, on a fresh database:
// the stand-in verifies the application's JWT and posts signed status webhooks back to the server,
// as Vonage does. Customers write in through the signed inbound webhook; agents reply through the
// composer's form over real HTTP.
import { randomBytes, randomUUID } from "node:crypto";
import { createDb, type Db } from "@/lib/db";
import type { DatabaseProvider } from "@/lib/db/database-url";
import { createFakeApplication, type FakeApplication } from "../vonage-fake/application-keys";
import { buildInboundPayload } from "../vonage-fake/build-payloads";
import { startMessagesApiStandIn, type MessagesApiStandIn } from "../vonage-fake/messages-api";
import { sendWebhook } from "../vonage-fake/send-webhook";
import { createTestUser, TEST_PASSWORD, uniqueCustomerNumber } from "./factories";
import { mustSignIn } from "./http-session";
import { createScratchDatabase } from "./scratch-database";
import { freePort, startCareDeskServer, type RunningServer } from "./start-server";
import { makeTempDirectory } from "./temp-directory";
import { makeTestMasterKey } from "./archive-for-test";
import { submitActionForm } from "./submit-action-form";

export type ReplyStack = {
  server: RunningServer;
  /** The server's environment (PUBLIC_URL, MEDIA_ENCRYPTION_KEY, …), for in-process checks. */
  serverEnv: Record<string, string>;
  vonage: MessagesApiStandIn;
  application: FakeApplication;
  db: Db;
  agent: { id: string; email: string };
  agentCookie: string;
  webhookTarget: { baseUrl: string; signatureSecret: string };
  /** A customer writes on `channel` (WhatsApp unless said); returns the conversation and the message's id. */
  customerWrites(options?: { channel?: "whatsapp" | "sms" | "mms" | "messenger" | "viber_service"; at?: Date; text?: string }): Promise<{ conversationId: string; messageId: string; address: string }>;
  /** Submits the composer's form of a thread as `cookie` (the agent's unless given). */
  compose(conversationId: string, fields: Record<string, string | File>, cookie?: string): Promise<{ status: number; html: string }>;
  /** Starts the server again on the same database (a restart), with `env` added. */
  restart(env?: Record<string, string>): Promise<void>;
  stop(): Promise<void>;
};

export async function startReplyStack(options: { provider: DatabaseProvider; postgresServerUrl?: string; env?: Record<string, string> }): Promise<ReplyStack> {
  const application = createFakeApplication();
  const masterKey = makeTestMasterKey("replies");
  // The server's address is known once it runs: the stand-in reads it when it posts.
  const webhookTarget = { baseUrl: "", signatureSecret: randomBytes(16).toString("hex") };
  const vonage = await startMessagesApiStandIn({ applicationId: application.applicationId, publicKeyPem: application.publicKeyPem, statusWebhook: webhookTarget, statusDelayMs: 20 });
  const database = await createScratchDatabase(options.provider, { postgresServerUrl: options.postgresServerUrl, prefix: "caredesk_replies" });
  // Known before the server starts: Vonage fetches attachments from PUBLIC_URL.
  const port = await freePort();
  const mediaDirectory = makeTempDirectory("caredesk-replies-media");
  const serverEnv = {
    DATABASE_URL: database.url,
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    MEDIA_ENCRYPTION_KEY: masterKey.envValue,
    MEDIA_STORAGE_URL: `file:${mediaDirectory.path}`,
    VONAGE_SIGNATURE_SECRET: webhookTarget.signatureSecret,
    VONAGE_APPLICATION_ID: application.applicationId,
    VONAGE_PRIVATE_KEY_PATH: application.privateKeyPath,
    VONAGE_API_HOST: vonage.url,
    VONAGE_SEND_TIMEOUT_SECONDS: "3",
    AUTH_FAILURE_DELAY_MS: "0",
    ...options.env,
  };
  let server = await startCareDeskServer({ env: serverEnv, port });
  webhookTarget.baseUrl = server.baseUrl;
  const db = createDb(database.url);
  const agent = await createTestUser(db);
  const agentCookie = await mustSignIn(server.baseUrl, agent.email, TEST_PASSWORD);

  const stack: ReplyStack = {
    server,
    serverEnv,
    vonage,
    application,
    db,
    agent,
    agentCookie,
    webhookTarget,
    async customerWrites({ channel = "whatsapp", at = new Date(), text } = {}) {
      const address = channel === "messenger" || channel === "viber_service" ? randomUUID().replace(/-/g, "").slice(0, 16) : uniqueCustomerNumber();
      const payload = buildInboundPayload({ channel, messageType: "text", from: address, timestamp: at, text });
      const response = await sendWebhook(webhookTarget, "inbound", payload);
      if (response.status !== 200) throw new Error(`inbound webhook answered ${response.status}`);
      vonage.customerWrote(channel, address, at);
      const message = await db.message.findUniqueOrThrow({ where: { messageUuid: String(payload.message_uuid) } });
      return { conversationId: message.conversationId, messageId: message.id, address };
    },
    async compose(conversationId, fields, cookie = agentCookie) {
      return submitActionForm(stack.server.baseUrl, `/conversations/${conversationId}`, { cookie, formContaining: 'name="mode"', fields });
    },
    async restart(env = {}) {
      await stack.server.stop();
      server = await startCareDeskServer({ env: { ...serverEnv, ...env }, port: Number(new URL(stack.server.baseUrl).port) });
      stack.server = server;
    },
    async stop() {
      await db.$disconnect();
      await stack.server.stop();
      await vonage.close();
      await database.drop();
      await application.remove();
      await mediaDirectory.remove();
    },
  };
  return stack;
}
