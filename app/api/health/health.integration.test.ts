import { afterAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "@/lib/db";
import { createTestUser, TEST_PASSWORD } from "@/test/support/factories";
import { mustSignIn } from "@/test/support/http-session";
import { createScratchDatabase } from "@/test/support/scratch-database";
import { postgresServerUrl } from "@/test/support/providers";
import { careDeskServers, serverLogLines, waitForLogLines } from "@/test/support/servers";
import { startCareDeskServer } from "@/test/support/start-server";
import { startTcpProxy, throughProxy } from "@/test/support/tcp-proxy";

const databases: Db[] = [];
afterAll(async () => {
  await Promise.all(databases.map((db) => db.$disconnect()));
});

describe.each(careDeskServers())("GET /api/health on $provider", (server) => {
  const db = createDb(server.databaseUrl);
  databases.push(db);
  const health = async (role?: "agent" | "admin") => {
    const cookie = role ? await mustSignIn(server.baseUrl, (await createTestUser(db, { role })).email, TEST_PASSWORD) : undefined;
    return fetch(`${server.baseUrl}/api/health`, { headers: cookie ? { cookie } : {} });
  };

  it.each([["signed out" as const], ["agent" as const]])("tells a caller who is %s only that it is up", async (who) => {
    const response = await health(who === "signed out" ? undefined : who);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toEqual({ status: "ok" });
  });

  it("shows a signed-in admin the database's status", async () => {
    const response = await health("admin");
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "ok", database: { status: "up", provider: server.provider } });
  });

  it("logs one structured line per request, with its own request id and the caller's beside it", async () => {
    const callerRequestId = `lb-${Date.now()}-health`;
    const response = await fetch(`${server.baseUrl}/api/health`, { headers: { "x-request-id": callerRequestId } });
    const requestId = response.headers.get("x-request-id");
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    await response.body?.cancel();
    const lines = await waitForLogLines(server.logFile, (line) => line.callerRequestId === callerRequestId);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ msg: "request", method: "GET", path: "/api/health", status: 200, requestId });
  });

  it("never takes a caller's id as its own, so log lines cannot be forged", async () => {
    const earlier = await fetch(`${server.baseUrl}/api/health`);
    const forged = earlier.headers.get("x-request-id")!;
    await earlier.body?.cancel();
    const response = await fetch(`${server.baseUrl}/api/health`, { headers: { "x-request-id": forged } });
    await response.body?.cancel();
    expect(response.headers.get("x-request-id")).not.toBe(forged);
    // The second request's own line is there before the forged id's lines are counted.
    await waitForLogLines(server.logFile, (line) => line.requestId === response.headers.get("x-request-id"));
    const lines = (await serverLogLines(server.logFile)).filter((line) => line.requestId === forged);
    expect(lines).toHaveLength(1);
  });

  it("makes up a request id when the caller's is not a sane token, and does not log it", async () => {
    const response = await fetch(`${server.baseUrl}/api/health`, { headers: { "x-request-id": "<script>" } });
    const requestId = response.headers.get("x-request-id");
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    await response.body?.cancel();
    const lines = await waitForLogLines(server.logFile, (line) => line.requestId === requestId);
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toHaveProperty("callerRequestId");
  });
});

describe.runIf(postgresServerUrl)("GET /api/health when PostgreSQL goes away", () => {
  it("answers 503 while the database is unreachable and 200 once it is back", async () => {
    const database = await createScratchDatabase("postgresql", { postgresServerUrl, prefix: "caredesk_health" });
    const target = new URL(database.url);
    const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const server = await startCareDeskServer({ env: { DATABASE_URL: throughProxy(database.url, proxy) } });
    try {
      expect((await fetch(`${server.baseUrl}/api/health`)).status).toBe(200);
      proxy.cut();
      const down = await fetch(`${server.baseUrl}/api/health`);
      expect(down.status).toBe(503);
      expect(await down.json()).toEqual({ status: "unavailable" });
      // The operator still finds out why, in the log.
      expect(await serverLogLines(server.logFile)).toContainEqual(expect.objectContaining({ path: "/api/health", status: 503, database: "down" }));
      proxy.restore();
      let status = 0;
      for (let attempt = 0; attempt < 20 && status !== 200; attempt++) {
        status = (await fetch(`${server.baseUrl}/api/health`)).status;
        if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 250));
      }
      expect(status).toBe(200);
    } finally {
      await server.stop();
      await proxy.close();
      await database.drop();
    }
  });
});
