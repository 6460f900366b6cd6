// The sign-in throttle over real HTTP: parallel guesses against one account, and whose address
// counts (TRUSTED_PROXY_HOPS), on each database.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../db";
import { createScratchDatabase, type ScratchDatabase } from "../../test/support/scratch-database";
import { createTestUser, TEST_PASSWORD } from "../../test/support/factories";
import { signInOverHttp } from "../../test/support/http-session";
import { postgresServerUrl } from "../../test/support/providers";
import { careDeskServers, waitForLogLines } from "../../test/support/servers";
import { startCareDeskServer, type RunningServer } from "../../test/support/start-server";

const ACCOUNT_LIMIT = 5; // the servers' AUTH_LOCKOUT_ACCOUNT_FAILURES (the default)

async function refusedFor(db: Db, email: string, action: "auth.sign_in_refused" | "auth.sign_in_failed") {
  const events = await db.auditEvent.findMany({ where: { action }, orderBy: { createdAt: "desc" }, take: 500 });
  return events.filter((event) => (event.detail as { email?: string } | null)?.email === email);
}

describe.each(careDeskServers())("sign-in throttle on $provider (one proxy hop, the default)", (server) => {
  const db = createDb(server.databaseUrl);
  afterAll(() => db.$disconnect());

  it("30 parallel wrong guesses, each claiming its own address, evaluate at most the limit; the right password is then refused", async () => {
    const user = await createTestUser(db);
    const guesses = await Promise.all(
      Array.from({ length: 30 }, (_, index) =>
        signInOverHttp(server.baseUrl, user.email, `wrong guess number ${index}`, { headers: { "x-forwarded-for": `198.51.100.${index + 1}` } }),
      ),
    );
    expect(guesses.filter((guess) => guess.cookie !== null)).toEqual([]);
    const evaluated = await refusedFor(db, user.email, "auth.sign_in_failed");
    expect(evaluated.length).toBeGreaterThan(0);
    expect(evaluated.length).toBeLessThanOrEqual(ACCOUNT_LIMIT);
    expect(await refusedFor(db, user.email, "auth.sign_in_refused")).toHaveLength(30 - evaluated.length);

    const right = await signInOverHttp(server.baseUrl, user.email, TEST_PASSWORD, { headers: { "x-forwarded-for": "198.51.100.200" } });
    expect(right.cookie).toBeNull();
    expect(right.location).toMatch(/code=locked/);
    expect(await refusedFor(db, user.email, "auth.sign_in_failed")).toHaveLength(evaluated.length);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).lastSignInAt).toBeNull();
  });

  it("records the address the proxy appended, not what the client put before it", async () => {
    const user = await createTestUser(db);
    await signInOverHttp(server.baseUrl, user.email, "wrong password", { headers: { "x-forwarded-for": "10.66.66.66, 203.0.113.44" } });
    const [failure] = await refusedFor(db, user.email, "auth.sign_in_failed");
    expect(failure?.ipAddress).toBe("203.0.113.44");
  });
});

describe.each(postgresServerUrl ? (["sqlite", "postgresql"] as const) : (["sqlite"] as const))("TRUSTED_PROXY_HOPS=0 on %s", (provider) => {
  let database: ScratchDatabase;
  let server: RunningServer;
  let db: Db;
  beforeAll(async () => {
    database = await createScratchDatabase(provider, { postgresServerUrl, prefix: "caredesk_hops" });
    server = await startCareDeskServer({
      env: { DATABASE_URL: database.url, TRUSTED_PROXY_HOPS: "0", AUTH_LOCKOUT_ADDRESS_FAILURES: "3", AUTH_FAILURE_DELAY_MS: "0" },
    });
    db = createDb(database.url);
  });
  afterAll(async () => {
    await db?.$disconnect();
    await server?.stop();
    await database?.drop();
  });

  it("says at start that it cannot know addresses", async () => {
    // Start-up logs as it goes: the line may land just after the server answered its first request.
    const lines = await waitForLogLines(server.logFile, (line) => String(line.msg).startsWith("TRUSTED_PROXY_HOPS=0: CareDesk cannot know clients' addresses"));
    expect(lines).toHaveLength(1);
  });

  it("records \"unknown\" rather than the claimed address, and leaves the per-address limit off", async () => {
    const claimed = { "x-forwarded-for": "203.0.113.99" };
    for (let account = 0; account < 4; account++) {
      const result = await signInOverHttp(server.baseUrl, `guess-${account}-${Date.now()}@example.test`, "wrong password", { headers: claimed });
      expect(result.location).toMatch(/code=invalid/);
    }
    const failures = await db.auditEvent.findMany({ where: { action: "auth.sign_in_failed" } });
    expect(failures.map((event) => event.ipAddress)).toEqual(["unknown", "unknown", "unknown", "unknown"]);
    const user = await createTestUser(db);
    expect((await signInOverHttp(server.baseUrl, user.email, TEST_PASSWORD, { headers: claimed })).cookie).not.toBeNull();
  });

  it("still pauses the account after its limit", async () => {
    const user = await createTestUser(db);
    const guesses = await Promise.all(Array.from({ length: 8 }, () => signInOverHttp(server.baseUrl, user.email, "wrong password")));
    expect(guesses.filter((guess) => guess.location?.includes("code=locked")).length).toBeGreaterThan(0);
    expect((await signInOverHttp(server.baseUrl, user.email, TEST_PASSWORD)).location).toMatch(/code=locked/);
  });
});
