import { describe, expect, it } from "vitest";
import { createScratchDatabase } from "@/test/support/scratch-database";
import { postgresServerUrl } from "@/test/support/providers";
import { careDeskServers, serverLogLines } from "@/test/support/servers";
import { startCareDeskServer } from "@/test/support/start-server";
import { startTcpProxy, throughProxy } from "@/test/support/tcp-proxy";

describe.each(careDeskServers())("GET /api/health on $provider", (server) => {
  it("answers 200 with the database's status", async () => {
    const response = await fetch(`${server.baseUrl}/api/health`);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const body = await response.json();
    expect(body).toMatchObject({ status: "ok", database: { status: "up", provider: server.provider } });
  });

  it("logs one structured line per request, with the caller's request id", async () => {
    const requestId = `lb-${Date.now()}-health`;
    const response = await fetch(`${server.baseUrl}/api/health`, { headers: { "x-request-id": requestId } });
    expect(response.headers.get("x-request-id")).toBe(requestId);
    await response.body?.cancel();
    const lines = (await serverLogLines(server.logFile)).filter((line) => line.requestId === requestId);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ msg: "request", method: "GET", path: "/api/health", status: 200 });
  });

  it("makes up a request id when the caller's is not a sane token", async () => {
    const response = await fetch(`${server.baseUrl}/api/health`, { headers: { "x-request-id": "<script>" } });
    expect(response.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
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
      expect(await down.json()).toMatchObject({
        status: "unavailable",
        database: { status: "down", message: expect.stringContaining("check DATABASE_URL") },
      });
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
