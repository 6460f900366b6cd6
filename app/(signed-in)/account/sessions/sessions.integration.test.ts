// Seeing and ending sessions over HTTP against `next start`, forms posted as a browser without
// JavaScript posts them: a person's page lists their sessions with device and address and ends
// one, every other or all of them; nobody ends someone else's but an admin; every end is refused
// from the ended session's very next request, and closes its open live streams at once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "@/lib/db";
import { createTestUser, TEST_PASSWORD } from "@/test/support/factories";
import { mustSignIn, signOutOverHttp } from "@/test/support/http-session";
import { postgresServerUrl, testedProviders } from "@/test/support/providers";
import { createScratchDatabase, type ScratchDatabase } from "@/test/support/scratch-database";
import { careDeskServers } from "@/test/support/servers";
import { startCareDeskServer, type RunningServer } from "@/test/support/start-server";
import { submitActionForm } from "@/test/support/submit-action-form";

const PATH = "/account/sessions";
const FIREFOX_ON_LINUX = "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
const SAFARI_ON_IPHONE =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";
const EDGE_ON_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0";
// Signed in, an unknown media id is a 404; anything that is not an open session is a 401.
const SIGNED_IN_PROBE = "/api/media/clnotarealmediaid00000000";

const databases: Db[] = [];
afterAll(async () => {
  await Promise.all(databases.map((db) => db.$disconnect()));
});

/** Helpers for one server: sign-ins from a given browser and address, and what a cookie gets. */
function sessionsOn(server: { baseUrl: string }, db: Db) {
  return {
    signInFrom: (email: string, userAgent: string, address: string) =>
      mustSignIn(server.baseUrl, email, TEST_PASSWORD, { headers: { "user-agent": userAgent, "x-forwarded-for": address } }),
    probe: async (cookie: string) => (await fetch(`${server.baseUrl}${SIGNED_IN_PROBE}`, { headers: { cookie } })).status,
    page: async (path: string, cookie: string) => (await fetch(`${server.baseUrl}${path}`, { headers: { cookie }, redirect: "manual" })).text(),
    sessionIdFrom: async (userId: string, clientAddress: string) => (await db.session.findFirstOrThrow({ where: { userId, clientAddress } })).id,
  };
}

/** The admin page's row of one person. */
const rowOf = (html: string, email: string) => {
  const start = html.indexOf(`data-testid="user-${email}"`);
  return start < 0 ? "" : html.slice(start, html.indexOf("</tr>", start));
};

describe.each(careDeskServers())("seeing and ending sessions on $provider", (server) => {
  const db = createDb(server.databaseUrl);
  databases.push(db);
  const { signInFrom, probe, page, sessionIdFrom } = sessionsOn(server, db);

  it("answers a signed-out visitor with the sign-in page", async () => {
    const response = await fetch(`${server.baseUrl}${PATH}`, { redirect: "manual" });
    expect(response.status).toBe(307);
    expect(new URL(response.headers.get("location")!, server.baseUrl).pathname).toBe("/login");
  });

  it("lists a person's open sessions with device, address and times, marks this one, and shows nobody else's", async () => {
    const user = await createTestUser(db);
    const laptop = await signInFrom(user.email, FIREFOX_ON_LINUX, "203.0.113.10");
    await signInFrom(user.email, SAFARI_ON_IPHONE, "198.51.100.20");
    const stranger = await createTestUser(db);
    await signInFrom(stranger.email, EDGE_ON_WINDOWS, "192.0.2.30");

    const sessions = await db.session.findMany({ where: { userId: user.id }, orderBy: { createdAt: "asc" } });
    expect(sessions.map(({ device, clientAddress }) => ({ device, clientAddress }))).toEqual([
      { device: "Firefox on Linux", clientAddress: "203.0.113.10" },
      { device: "Safari on iPhone", clientAddress: "198.51.100.20" },
    ]);
    const html = await page(PATH, laptop);
    const rows = html.split('data-testid="session"').slice(1).map((row) => row.slice(0, row.indexOf("</tr>")));
    expect(rows).toHaveLength(2);
    const laptopRow = rows.find((row) => row.includes("Firefox on Linux"))!;
    const phoneRow = rows.find((row) => row.includes("Safari on iPhone"))!;
    expect(laptopRow).toContain("203.0.113.10");
    expect(laptopRow).toContain("this device");
    expect(laptopRow).not.toContain("Sign out");
    expect(phoneRow).toContain("198.51.100.20");
    expect(phoneRow).not.toContain("this device");
    expect(phoneRow).toContain(`value="${sessions[1]!.id}"`);
    // Signed in at, as an exact time (shown in the reader's zone by the browser).
    expect(laptopRow).toContain(`dateTime="${sessions[0]!.createdAt.toISOString()}"`);
    expect(html).not.toContain("Edge on Windows");
    expect(html).not.toContain("192.0.2.30");
    expect(html).toContain('aria-label="Sign out everywhere else"');
    // The account area links here.
    expect(await page("/account/password", laptop)).toContain(`href="${PATH}"`);
  });

  it("signing out another session refuses its cookie at once and keeps this one; audited with the device", async () => {
    const user = await createTestUser(db);
    const laptop = await signInFrom(user.email, FIREFOX_ON_LINUX, "203.0.113.11");
    const phone = await signInFrom(user.email, SAFARI_ON_IPHONE, "198.51.100.21");
    const phoneId = await sessionIdFrom(user.id, "198.51.100.21");
    expect(await probe(phone)).toBe(404);

    const ended = await submitActionForm(server.baseUrl, PATH, { cookie: laptop, formContaining: `value="${phoneId}"`, fields: {} });
    expect(ended.status).toBe(200);
    expect(ended.html).toContain("Signed out: that device has to sign in again.");
    expect(await probe(phone)).toBe(401);
    expect(await probe(laptop)).toBe(404);
    expect(await page(PATH, laptop)).not.toContain("Safari on iPhone");
    const audit = await db.auditEvent.findMany({ where: { targetId: phoneId } });
    expect(audit).toMatchObject([{ action: "session.ended", actorId: user.id, targetType: "session", detail: { email: user.email, device: "Safari on iPhone" } }]);
  });

  it("“Sign out everywhere else” ends every other session and keeps this one", async () => {
    const user = await createTestUser(db);
    const laptop = await signInFrom(user.email, FIREFOX_ON_LINUX, "203.0.113.12");
    const others = [await signInFrom(user.email, SAFARI_ON_IPHONE, "198.51.100.22"), await signInFrom(user.email, EDGE_ON_WINDOWS, "192.0.2.32")];

    const ended = await submitActionForm(server.baseUrl, PATH, { cookie: laptop, formContaining: 'aria-label="Sign out everywhere else"', fields: {} });
    expect(ended.html).toContain("Signed out everywhere else (2 sessions).");
    for (const cookie of others) expect(await probe(cookie)).toBe(401);
    expect(await probe(laptop)).toBe(404);
    expect(await db.auditEvent.findMany({ where: { targetId: user.id, action: { startsWith: "session." } } })).toMatchObject([
      { action: "session.ended_others", actorId: user.id, detail: { email: user.email, count: 2 } },
    ]);
  });

  it("“Sign out everywhere” ends every session, this one included, and sends the browser to sign in", async () => {
    const user = await createTestUser(db);
    const laptop = await signInFrom(user.email, FIREFOX_ON_LINUX, "203.0.113.13");
    const phone = await signInFrom(user.email, SAFARI_ON_IPHONE, "198.51.100.23");

    const ended = await submitActionForm(server.baseUrl, PATH, { cookie: laptop, formContaining: 'aria-label="Sign out everywhere"', fields: {} });
    expect(ended.status).toBe(303);
    expect(new URL(ended.location!, server.baseUrl).pathname).toBe("/login");
    expect(await probe(laptop)).toBe(401);
    expect(await probe(phone)).toBe(401);
    expect(await db.session.count({ where: { userId: user.id, revokedAt: null } })).toBe(0);
    expect(await db.auditEvent.findMany({ where: { targetId: user.id, action: { startsWith: "session." } } })).toMatchObject([
      { action: "session.ended_all", actorId: user.id, detail: { email: user.email, count: 2 } },
    ]);
  });

  it("refuses an agent replaying another person's “Sign out” form, or an admin's “End all sessions”, ending nothing", async () => {
    const owner = await createTestUser(db);
    const laptop = await signInFrom(owner.email, FIREFOX_ON_LINUX, "203.0.113.14");
    const phone = await signInFrom(owner.email, SAFARI_ON_IPHONE, "198.51.100.24");
    const phoneId = await sessionIdFrom(owner.id, "198.51.100.24");
    const intruder = await mustSignIn(server.baseUrl, (await createTestUser(db)).email, TEST_PASSWORD);
    const admin = await mustSignIn(server.baseUrl, (await createTestUser(db, { role: "admin" })).email, TEST_PASSWORD);

    // The owner's form, the intruder's cookie: the session is looked up as the intruder's, and is not.
    const replayed = await submitActionForm(server.baseUrl, PATH, { cookie: laptop, actionCookie: intruder, formContaining: `value="${phoneId}"`, fields: {} });
    expect(replayed.status).toBe(200);
    expect(replayed.html).toContain("That session has ended already.");
    // requireAdmin's forbidden() inside a form post without JavaScript: Next answers 403 or 404.
    const endAll = await submitActionForm(server.baseUrl, "/admin/users", {
      cookie: admin,
      actionCookie: intruder,
      formContaining: `aria-label="End all sessions of ${owner.email}"`,
      fields: {},
    });
    expect([403, 404]).toContain(endAll.status);
    expect(endAll.html).not.toContain("Ended 2 sessions");

    expect(await probe(phone)).toBe(404);
    expect(await probe(laptop)).toBe(404);
    expect(await db.session.count({ where: { userId: owner.id, revokedAt: null } })).toBe(2);
    expect(await db.auditEvent.count({ where: { targetId: { in: [owner.id, phoneId] }, action: { startsWith: "session." } } })).toBe(0);
  });

  it("shows an admin a person's open sessions and lets them end them all; agents do not see the page", async () => {
    const agent = await createTestUser(db);
    const laptop = await signInFrom(agent.email, FIREFOX_ON_LINUX, "203.0.113.15");
    const phone = await signInFrom(agent.email, SAFARI_ON_IPHONE, "198.51.100.25");
    const admin = await createTestUser(db, { role: "admin" });
    const adminCookie = await mustSignIn(server.baseUrl, admin.email, TEST_PASSWORD);
    expect((await fetch(`${server.baseUrl}/admin/users`, { headers: { cookie: laptop }, redirect: "manual" })).status).toBe(403);

    const before = rowOf(await page("/admin/users", adminCookie), agent.email);
    expect(before).toContain("2 open");
    for (const text of ["Firefox on Linux", "203.0.113.15", "Safari on iPhone", "198.51.100.25"]) expect(before).toContain(text);

    const ended = await submitActionForm(server.baseUrl, "/admin/users", { cookie: adminCookie, formContaining: `aria-label="End all sessions of ${agent.email}"`, fields: {} });
    expect(ended.status).toBe(200);
    expect(ended.html).toContain("Ended 2 sessions: they sign in again to continue.");
    expect(await probe(laptop)).toBe(401);
    expect(await probe(phone)).toBe(401);
    expect(await probe(adminCookie)).toBe(404);
    expect(rowOf(await page("/admin/users", adminCookie), agent.email)).toContain("none open");
    expect(await db.auditEvent.findMany({ where: { targetId: agent.id, action: { startsWith: "session." } } })).toMatchObject([
      { action: "session.ended_all", actorId: admin.id, targetType: "user", detail: { email: agent.email, count: 2 } },
    ]);
    // They may sign in again (disabling is what keeps someone out).
    expect(await probe(await mustSignIn(server.baseUrl, agent.email, TEST_PASSWORD))).toBe(404);
  });

  it("no longer lists sessions a password reset or a disable ended", async () => {
    const agent = await createTestUser(db);
    const laptop = await signInFrom(agent.email, FIREFOX_ON_LINUX, "203.0.113.16");
    const adminCookie = await mustSignIn(server.baseUrl, (await createTestUser(db, { role: "admin" })).email, TEST_PASSWORD);
    const disabled = await submitActionForm(server.baseUrl, "/admin/users", { cookie: adminCookie, formContaining: `aria-label="Disable ${agent.email}"`, fields: {} });
    expect(disabled.html).toContain("Disabled");
    expect(await probe(laptop)).toBe(401);
    expect(await db.session.count({ where: { userId: agent.id, revokedAt: null } })).toBe(0);
    expect(rowOf(await page("/admin/users", adminCookie), agent.email)).toContain("none open");
  });
});

/** Resolves with the time the server ended the stream, once it has sent its first bytes (subscribed by then). */
async function openLiveStream(baseUrl: string, cookie: string): Promise<{ endedAt: Promise<number>; close: () => Promise<void> }> {
  const response = await fetch(`${baseUrl}/api/events`, { headers: { cookie } });
  expect(response.status).toBe(200);
  const reader = response.body!.getReader();
  expect((await reader.read()).done).toBe(false);
  const endedAt = (async () => {
    try {
      while (!(await reader.read()).done);
    } catch {
      // Cut rather than ended: ended all the same.
    }
    return Date.now();
  })();
  return { endedAt, close: () => reader.cancel().catch(() => {}) };
}

/** How long after `since` the server ended the stream; null when it is still open `waitMs` from now. */
async function endedAfter(stream: { endedAt: Promise<number> }, since: number, waitMs: number): Promise<number | null> {
  const endedAt = await Promise.race([stream.endedAt, new Promise<null>((resolve) => setTimeout(() => resolve(null), waitMs))]);
  return endedAt === null ? null : endedAt - since;
}

// Their own servers, with the periodic access check at its default 30 s (the shared test servers
// check every second): a stream that closes in a second or two was told, not polled.
describe.each(testedProviders)("open live streams when sessions end, on %s (LIVE_ACCESS_CHECK_SECONDS=30)", (provider) => {
  let database: ScratchDatabase;
  let server: RunningServer;
  let db: Db;
  const streams: { close: () => Promise<void> }[] = [];
  beforeAll(async () => {
    database = await createScratchDatabase(provider, { postgresServerUrl, prefix: "caredesk_sessions" });
    server = await startCareDeskServer({ env: { DATABASE_URL: database.url, AUTH_FAILURE_DELAY_MS: "0", LIVE_ACCESS_CHECK_SECONDS: "30" } });
    db = createDb(database.url);
  });
  afterAll(async () => {
    await Promise.all(streams.map((stream) => stream.close()));
    await db?.$disconnect();
    await server?.stop();
    await database?.drop();
  });
  const open = async (cookie: string) => {
    const stream = await openLiveStream(server.baseUrl, cookie);
    streams.push(stream);
    return stream;
  };
  const signIn = async (email: string, address = "203.0.113.40") =>
    mustSignIn(server.baseUrl, email, TEST_PASSWORD, { headers: { "user-agent": FIREFOX_ON_LINUX, "x-forwarded-for": address } });

  it("disabling a person closes their open stream within a second, and nobody else's", async () => {
    const admin = await signIn((await createTestUser(db, { role: "admin" })).email);
    const agent = await createTestUser(db);
    const stream = await open(await signIn(agent.email));
    const bystander = await open(await signIn((await createTestUser(db)).email));

    const started = Date.now();
    const disabled = await submitActionForm(server.baseUrl, "/admin/users", { cookie: admin, formContaining: `aria-label="Disable ${agent.email}"`, fields: {} });
    const answeredAt = Date.now();
    expect(disabled.html).toContain("Disabled");
    // Well before the 30 s periodic check: at most a second after the admin got their answer
    // (often before it: the stream is told as soon as the change commits).
    expect(await endedAfter(stream, answeredAt, 1_000)).toBeLessThan(1_000);
    expect(await endedAfter(stream, started, 0)).toBeLessThan(5_000);
    expect(await endedAfter(bystander, answeredAt, 1_000)).toBeNull();
  });

  it("ending one session closes only its stream; an admin ending all of them closes the rest; signing out closes its own", async () => {
    const admin = await signIn((await createTestUser(db, { role: "admin" })).email);
    const agent = await createTestUser(db);
    const laptopCookie = await signIn(agent.email, "203.0.113.41");
    const phoneCookie = await signIn(agent.email, "198.51.100.41");
    const phoneId = (await db.session.findFirstOrThrow({ where: { userId: agent.id, clientAddress: "198.51.100.41" } })).id;
    const [laptop, phone] = [await open(laptopCookie), await open(phoneCookie)];

    await submitActionForm(server.baseUrl, PATH, { cookie: laptopCookie, formContaining: `value="${phoneId}"`, fields: {} });
    const answeredAt = Date.now();
    expect(await endedAfter(phone, answeredAt, 1_000)).toBeLessThan(1_000);
    expect(await endedAfter(laptop, answeredAt, 500)).toBeNull();

    await submitActionForm(server.baseUrl, "/admin/users", { cookie: admin, formContaining: `aria-label="End all sessions of ${agent.email}"`, fields: {} });
    const endedAllAt = Date.now();
    expect(await endedAfter(laptop, endedAllAt, 1_000)).toBeLessThan(1_000);

    const other = await createTestUser(db);
    const otherCookie = await signIn(other.email);
    const otherStream = await open(otherCookie);
    await signOutOverHttp(server.baseUrl, otherCookie);
    const signedOutAt = Date.now();
    expect(await endedAfter(otherStream, signedOutAt, 1_000)).toBeLessThan(1_000);
  });
});
