import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "@/lib/db";
import { createScratchDatabase, type ScratchDatabase } from "@/test/support/scratch-database";
import { serverLogLines } from "@/test/support/servers";
import { startCareDeskServer, type RunningServer } from "@/test/support/start-server";
import { buildInboundPayload } from "@/test/vonage-fake/build-payloads";
import { sendWebhook } from "@/test/vonage-fake/send-webhook";

// Anyone can post unsigned requests to the webhook URLs: a flood of them must not grow the
// webhook log or the server's log without limit.
describe("a flood of unsigned webhooks", () => {
  const perMinute = 3;
  const sent = 12;
  let database: ScratchDatabase;
  let server: RunningServer;
  let db: Db;

  beforeAll(async () => {
    database = await createScratchDatabase("sqlite", { prefix: "caredesk-flood" });
    server = await startCareDeskServer({
      env: { DATABASE_URL: database.url, VONAGE_SIGNATURE_SECRET: "flood-test-secret", WEBHOOK_REFUSED_EVENTS_PER_MINUTE: String(perMinute) },
    });
    db = createDb(database.url);
  });
  afterAll(async () => {
    await db?.$disconnect();
    await server?.stop();
    await database?.drop();
  });

  it("is refused every time, but recorded and logged at most N times a minute, and the rest counted", async () => {
    for (let index = 0; index < sent; index++) {
      const response = await sendWebhook({ baseUrl: server.baseUrl }, "inbound", buildInboundPayload({ channel: "sms", messageType: "text" }), { isUnsigned: true });
      expect(response.status).toBe(401);
      await response.body?.cancel();
    }
    expect(await db.webhookEvent.count({ where: { outcome: "rejected" } })).toBe(perMinute);

    let lines: Record<string, unknown>[] = [];
    for (let attempt = 0; attempt < 20 && !lines.some((line) => String(line.msg).includes("over the limit")); attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      lines = await serverLogLines(server.logFile);
    }
    expect(lines.filter((line) => line.path === "/api/webhooks/inbound")).toHaveLength(perMinute);
    expect(lines.filter((line) => String(line.msg).includes("over the limit"))).toEqual([
      expect.objectContaining({ level: 40, reason: "invalid_signature", perMinute }),
    ]);
  });

  it("still records a signed request's refusal of another kind", async () => {
    const response = await sendWebhook({ baseUrl: server.baseUrl, signatureSecret: "flood-test-secret" }, "inbound", {}, { body: "{not json" });
    expect(response.status).toBe(400);
    expect(await db.webhookEvent.count({ where: { outcome: "rejected", httpStatus: 400 } })).toBe(1);
  });
});
