import { afterAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../db";
import { createScratchDatabase } from "../../test/support/scratch-database";
import { createOutboundMessage, createTestUser, TEST_PASSWORD } from "../../test/support/factories";
import { mustSignIn, signOutOverHttp } from "../../test/support/http-session";
import { careDeskServers } from "../../test/support/servers";
import { startCareDeskServer } from "../../test/support/start-server";

const databases: Db[] = [];
afterAll(async () => {
  await Promise.all(databases.map((db) => db.$disconnect()));
});

const HOUR_MS = 60 * 60_000;
// Signed in, an unknown media id is a 404; anything that is not an open session is a 401.
const SIGNED_IN_PROBE = "/api/media/clnotarealmediaid00000000";
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The session cookie a response sets with a value (not the one clearing it), with its expiry. */
function renewedSessionCookie(response: Response): { expires: Date | null } | null {
  const cookie = response.headers.getSetCookie().find((line) => /^authjs\.session-token=[^;]/.test(line));
  if (!cookie) return null;
  const expires = /;\s*Expires=([^;]+)/i.exec(cookie)?.[1];
  return { expires: expires ? new Date(expires) : null };
}

describe.each(careDeskServers())("session lifetime on $provider", (server) => {
  const db = createDb(server.databaseUrl);
  databases.push(db);
  const probe = async (cookie: string) => (await fetch(`${server.baseUrl}${SIGNED_IN_PROBE}`, { headers: { cookie } })).status;
  const sessionEndpoint = (cookie: string) => fetch(`${server.baseUrl}/api/auth/session`, { headers: { cookie } });

  it("refuses a copy of the cookie taken before sign-out, afterwards", async () => {
    const user = await createTestUser(db);
    const cookie = await mustSignIn(server.baseUrl, user.email, TEST_PASSWORD);
    const copy = cookie;
    expect(await probe(copy)).toBe(404);
    await signOutOverHttp(server.baseUrl, cookie);
    expect(await probe(copy)).toBe(401);
    const page = await fetch(`${server.baseUrl}/conversations`, { headers: { cookie: copy }, redirect: "manual" });
    expect(page.status).toBe(307);
    expect(await (await sessionEndpoint(copy)).json()).toBeNull();
  });

  it("signing out ends only that sign-in: the same person's other session stays open", async () => {
    const user = await createTestUser(db);
    const laptop = await mustSignIn(server.baseUrl, user.email, TEST_PASSWORD);
    const phone = await mustSignIn(server.baseUrl, user.email, TEST_PASSWORD);
    await signOutOverHttp(server.baseUrl, laptop);
    expect(await probe(laptop)).toBe(401);
    expect(await probe(phone)).toBe(404);
  });

  it("GET /api/auth/session answers a disabled person as signed out, without their email", async () => {
    const user = await createTestUser(db);
    const cookie = await mustSignIn(server.baseUrl, user.email, TEST_PASSWORD);
    expect((await (await sessionEndpoint(cookie)).json()).user.email).toBe(user.email);
    await db.user.update({ where: { id: user.id }, data: { isDisabled: true } });
    const response = await sessionEndpoint(cookie);
    const body = await response.text();
    expect(response.status).toBe(200);
    expect(JSON.parse(body)).toBeNull();
    expect(body).not.toContain(user.email);
    expect(renewedSessionCookie(response)).toBeNull();
  });

  it("GET /api/auth/session never renews the cookie, and says when the session ends at the latest", async () => {
    const user = await createTestUser(db);
    const signInStarted = Date.now();
    const cookie = await mustSignIn(server.baseUrl, user.email, TEST_PASSWORD);
    const response = await sessionEndpoint(cookie);
    expect(renewedSessionCookie(response)).toBeNull();
    const { expires } = (await response.json()) as { expires: string };
    expect(new Date(expires).getTime()).toBeLessThanOrEqual(signInStarted + 12 * HOUR_MS);
  });

  it("refuses a session 12 hours after sign-in, however active", async () => {
    const user = await createTestUser(db);
    const cookie = await mustSignIn(server.baseUrl, user.email, TEST_PASSWORD);
    expect(await probe(cookie)).toBe(404);
    // As if signed in 12 hours and a minute ago and busy ever since.
    const now = Date.now();
    await db.session.updateMany({ where: { userId: user.id }, data: { createdAt: new Date(now - 12 * HOUR_MS - 60_000), lastSeenAt: new Date(now) } });
    expect(await probe(cookie)).toBe(401);
    expect(await (await sessionEndpoint(cookie)).json()).toBeNull();
  });

  it("refuses a session idle for 8 hours, and keeps one that was used within them", async () => {
    const user = await createTestUser(db);
    const cookie = await mustSignIn(server.baseUrl, user.email, TEST_PASSWORD);
    const now = Date.now();
    await db.session.updateMany({ where: { userId: user.id }, data: { createdAt: new Date(now - 10 * HOUR_MS), lastSeenAt: new Date(now - 8 * HOUR_MS + 60_000) } });
    expect(await probe(cookie)).toBe(404);
    // That request counted as activity: the idle clock starts again.
    const [session] = await db.session.findMany({ where: { userId: user.id } });
    expect(session!.lastSeenAt.getTime()).toBeGreaterThanOrEqual(now - 1_000);
    await db.session.updateMany({ where: { userId: user.id }, data: { lastSeenAt: new Date(Date.now() - 8 * HOUR_MS - 60_000) } });
    expect(await probe(cookie)).toBe(401);
  });

  it("is not kept from going idle by what an open tab asks for by itself (live stream, live messages)", async () => {
    const user = await createTestUser(db);
    const cookie = await mustSignIn(server.baseUrl, user.email, TEST_PASSWORD);
    const message = await createOutboundMessage(db);
    const idleSince = new Date(Date.now() - 2 * HOUR_MS);
    await db.session.updateMany({ where: { userId: user.id }, data: { lastSeenAt: idleSince } });
    const stream = await fetch(`${server.baseUrl}/api/events`, { headers: { cookie } });
    expect(stream.status).toBe(200);
    await stream.body!.cancel();
    const messages = await fetch(`${server.baseUrl}/api/conversations/${message.conversationId}/messages?ids=${message.id}`, { headers: { cookie } });
    expect(messages.status).toBe(200);
    const [session] = await db.session.findMany({ where: { userId: user.id } });
    expect(session!.lastSeenAt.getTime()).toBe(idleSince.getTime());
  });
});

describe("session limits from the environment (a server with short ones)", () => {
  it("AUTH_SESSION_IDLE_MINUTES and AUTH_SESSION_MAX_MINUTES end sessions, in real time", async () => {
    const database = await createScratchDatabase("sqlite");
    // 3 s idle, 9 s at most.
    const server = await startCareDeskServer({ env: { DATABASE_URL: database.url, AUTH_SESSION_IDLE_MINUTES: "0.05", AUTH_SESSION_MAX_MINUTES: "0.15", AUTH_FAILURE_DELAY_MS: "0" } });
    const db = createDb(database.url);
    const probe = async (cookie: string) => (await fetch(`${server.baseUrl}${SIGNED_IN_PROBE}`, { headers: { cookie } })).status;
    try {
      const user = await createTestUser(db);

      // Idle: busy for longer than the idle limit is fine; then 4 s of nothing ends it.
      const idle = await mustSignIn(server.baseUrl, user.email, TEST_PASSWORD);
      for (let second = 0; second < 5; second++) {
        expect(await probe(idle)).toBe(404);
        await sleep(1_000);
      }
      await sleep(3_000);
      expect(await probe(idle)).toBe(401);

      // Absolute: busy all along, still refused once 9 s have passed since sign-in; the cookie
      // itself expires then too, and asking for the session never moves that.
      const signInStarted = Date.now();
      const busy = await mustSignIn(server.baseUrl, user.email, TEST_PASSWORD);
      const signedInAt = Date.now();
      while (Date.now() < signInStarted + 7_000) {
        expect(await probe(busy)).toBe(404);
        const session = await fetch(`${server.baseUrl}/api/auth/session`, { headers: { cookie: busy } });
        const renewed = renewedSessionCookie(session);
        if (renewed) expect(renewed.expires!.getTime()).toBeLessThanOrEqual(signedInAt + 9_000 + 1_000);
        expect(new Date(((await session.json()) as { expires: string }).expires).getTime()).toBeLessThanOrEqual(signedInAt + 9_000);
        await sleep(1_000);
      }
      await sleep(Math.max(0, signedInAt + 9_500 - Date.now()));
      expect(await probe(busy)).toBe(401);
    } finally {
      await db.$disconnect();
      await server.stop();
      await database.drop();
    }
  }, 60_000);
});
