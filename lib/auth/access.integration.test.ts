import { readFile } from "node:fs/promises";
import { encode } from "next-auth/jwt";
import { afterAll, describe, expect, inject, it } from "vitest";
import { createDb, type Db } from "../db";
import { createScratchDatabase } from "@/test/support/scratch-database";
import { createTestSession, createTestUser, TEST_PASSWORD } from "@/test/support/factories";
import { mustSignIn, signInOverHttp } from "@/test/support/http-session";
import { careDeskServers } from "@/test/support/servers";
import { startCareDeskServer } from "@/test/support/start-server";

const databases: Db[] = [];
afterAll(async () => {
  await Promise.all(databases.map((db) => db.$disconnect()));
});

type Who = "signed out" | "agent" | "admin";

describe.each(careDeskServers())("access on $provider", (server) => {
  const db = createDb(server.databaseUrl);
  databases.push(db);
  const get = (path: string, cookie?: string) => fetch(`${server.baseUrl}${path}`, { redirect: "manual", headers: cookie ? { cookie } : {} });

  async function cookieFor(who: Who): Promise<string | undefined> {
    if (who === "signed out") return undefined;
    const user = await createTestUser(db, { role: who });
    return mustSignIn(server.baseUrl, user.email, TEST_PASSWORD);
  }

  // Each protected page, for each kind of visitor: what they get.
  const table: [string, Who, number, string?][] = [
    ["/conversations", "signed out", 307, "/login"],
    ["/conversations", "agent", 200],
    ["/conversations", "admin", 200],
    ["/account/password", "signed out", 307, "/login"],
    ["/account/password", "agent", 200],
    ["/admin/users", "signed out", 307, "/login"],
    ["/admin/users", "agent", 403],
    ["/admin/users", "admin", 200],
    ["/admin/audit", "signed out", 307, "/login"],
    ["/admin/audit", "agent", 403],
    ["/admin/audit", "admin", 200],
    ["/admin/webhooks", "signed out", 307, "/login"],
    ["/admin/webhooks", "agent", 403],
    ["/admin/webhooks", "admin", 200],
    ["/conversations/clnotarealconversation0", "signed out", 307, "/login"],
    ["/conversations/clnotarealconversation0", "agent", 404],
    ["/conversations/clnotarealconversation0/media", "agent", 404],
    ["/api/events", "signed out", 401],
    ["/api/media/clnotarealmediaid00000000", "signed out", 401],
    ["/api/media/clnotarealmediaid00000000", "agent", 404],
  ];

  it.each(table)("%s as %s → %i", async (path, who, status, location) => {
    const response = await get(path, await cookieFor(who));
    expect(response.status).toBe(status);
    if (location) expect(new URL(response.headers.get("location")!, server.baseUrl).pathname).toBe(location);
  });

  it.each(["/.//evil.example/x", "/..//evil.example/x", "/%2e%2e//evil.example/x", "/a/..//evil.example/x"])(
    "a signed-in person sent to /login?callbackUrl=%s stays on CareDesk",
    async (callbackUrl) => {
      const response = await get(`/login?callbackUrl=${encodeURIComponent(callbackUrl)}`, await cookieFor("agent"));
      expect(response.status).toBe(307);
      const location = new URL(response.headers.get("location")!, server.baseUrl);
      expect(location.origin).toBe(server.baseUrl);
      expect(location.pathname).toBe("/conversations");
    },
  );

  it("the first admin comes from ADMIN_EMAIL and ADMIN_PASSWORD, and no page lets a visitor make one", async () => {
    const admin = await db.user.findUniqueOrThrow({ where: { email: "first-admin@example.test" } });
    expect(admin).toMatchObject({ role: "admin", isDisabled: false });
    await mustSignIn(server.baseUrl, "first-admin@example.test", inject("firstAdminPassword"));
    expect((await get("/setup")).status).toBe(404);
    expect((await get("/register")).status).toBe(404);
  });

  it("logs one line per page request with its own request id (the caller's beside it), and never the cookie", async () => {
    const callerRequestId = `page-${Date.now()}-login`;
    const cookie = await cookieFor("agent");
    const response = await fetch(`${server.baseUrl}/conversations`, { headers: { "x-request-id": callerRequestId, cookie: cookie! } });
    const requestId = response.headers.get("x-request-id");
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    await response.text();
    const log = await readFile(server.logFile, "utf8");
    const lines = log.split("\n").filter((line) => line.includes(callerRequestId));
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ msg: "page request", method: "GET", path: "/conversations", requestId, callerRequestId });
    expect(log).not.toContain(cookie!.split("=")[1]!);
  });

  it("every page answer carries a Content-Security-Policy with a nonce of its own; route handlers keep their own headers", async () => {
    const policyOf = async (path: string, headers: Record<string, string> = {}) =>
      (await fetch(`${server.baseUrl}${path}`, { redirect: "manual", headers })).headers.get("content-security-policy") ?? "";
    const policies = [await policyOf("/login"), await policyOf("/login"), await policyOf("/conversations")];
    for (const policy of policies) {
      expect(policy).toMatch(/(^|; )script-src 'self' 'nonce-[A-Za-z0-9+/]+={0,2}' 'strict-dynamic'(;|$)/);
      expect(policy).not.toContain("unsafe-inline");
      expect(policy).not.toContain("upgrade-insecure-requests");
    }
    expect(new Set(policies).size).toBe(3);
    expect(await policyOf("/login", { "x-forwarded-proto": "https" })).toContain("upgrade-insecure-requests");
    expect(await policyOf("/api/health")).toBe("");
  });

  it("a forged or stale session cookie gets the sign-in page, not the app", async () => {
    const response = await get("/conversations", "authjs.session-token=forged");
    expect(response.status).toBe(307);
    expect(response.headers.get("location")).toMatch(/\/login/);
  });

  describe("session cookies made as Auth.js makes them (with the servers' AUTH_SECRET)", () => {
    const sessionCookie = async (name: string, claims: Record<string, unknown>, options: { maxAge?: number; salt?: string } = {}) =>
      `${name}=${await encode({ token: claims, secret: inject("authSecret"), salt: options.salt ?? name, maxAge: options.maxAge })}`;
    // Signed in, an unknown media id is a 404; anything that is not a session is a 401.
    const mediaStatus = async (cookie: string) => (await get("/api/media/clnotarealmediaid00000000", cookie)).status;

    it("accepts the cookie Auth.js names for the protocol, again and again, and not the other name", async () => {
      const user = await createTestUser(db);
      const claims = { sub: user.id, sid: (await createTestSession(db, user)).id, sessionVersion: user.sessionVersion };
      const plain = await sessionCookie("authjs.session-token", claims);
      const secure = await sessionCookie("__Secure-authjs.session-token", claims);
      const overHttps = async (cookie: string) =>
        (await fetch(`${server.baseUrl}/api/media/clnotarealmediaid00000000`, { headers: { cookie, "x-forwarded-proto": "https" } })).status;
      for (let request = 0; request < 3; request++) {
        expect(await mediaStatus(plain)).toBe(404);
        expect(await overHttps(secure)).toBe(404);
      }
      // Over http only the plain name counts, behind an https proxy only the __Secure- one.
      expect(await mediaStatus(secure)).toBe(401);
      expect(await overHttps(plain)).toBe(401);
      expect((await get("/conversations", plain)).status).toBe(200);
    });

    it("refuses an expired one, one moved to the other cookie name, one without a user, and one without a session", async () => {
      const user = await createTestUser(db);
      const claims = { sub: user.id, sid: (await createTestSession(db, user)).id, sessionVersion: user.sessionVersion };
      expect(await mediaStatus(await sessionCookie("authjs.session-token", claims))).toBe(404);
      expect(await mediaStatus(await sessionCookie("authjs.session-token", claims, { maxAge: -60 }))).toBe(401);
      const secureValue = (await sessionCookie("__Secure-authjs.session-token", claims)).split("=")[1];
      expect(await mediaStatus(`authjs.session-token=${secureValue}`)).toBe(401);
      expect(await mediaStatus(await sessionCookie("authjs.session-token", { sid: claims.sid, sessionVersion: user.sessionVersion }))).toBe(401);
      // A session id that was never issued, or one issued to someone else.
      expect(await mediaStatus(await sessionCookie("authjs.session-token", { ...claims, sid: "clnotarealsessionid000000" }))).toBe(401);
      const other = await createTestUser(db);
      expect(await mediaStatus(await sessionCookie("authjs.session-token", { ...claims, sid: (await createTestSession(db, other)).id }))).toBe(401);
      const forged = await encode({ token: claims, secret: "not-the-servers-secret-0123456789abcdef", salt: "authjs.session-token" });
      expect(await mediaStatus(`authjs.session-token=${forged}`)).toBe(401);
    });

    it("a seen cookie is still checked against the person on every request", async () => {
      const user = await createTestUser(db);
      const cookie = await sessionCookie("authjs.session-token", { sub: user.id, sid: (await createTestSession(db, user)).id, sessionVersion: user.sessionVersion });
      expect(await mediaStatus(cookie)).toBe(404);
      await db.user.update({ where: { id: user.id }, data: { sessionVersion: { increment: 1 } } });
      expect(await mediaStatus(cookie)).toBe(401);
    });
  });

  it("refuses a wrong password or an unknown email with the same message, and records both", async () => {
    const user = await createTestUser(db);
    const wrongPassword = await signInOverHttp(server.baseUrl, user.email, "not the password");
    const unknownEmail = await signInOverHttp(server.baseUrl, `nobody-${user.id}@example.test`, "not the password");
    for (const result of [wrongPassword, unknownEmail]) {
      expect(result.cookie).toBeNull();
      expect(result.location).toMatch(/\/login\?error=CredentialsSignin&code=invalid/);
    }
    const page = await (await get(`/login?error=CredentialsSignin&code=invalid`)).text();
    expect(page).toContain("Email or password is incorrect.");
    const failures = await db.auditEvent.findMany({ where: { action: "auth.sign_in_failed", ipAddress: { not: null } }, orderBy: { createdAt: "desc" }, take: 10 });
    const reasons = failures.map((event) => (event.detail as { reason: string; email: string })).filter((d) => d.email.includes(user.id) || d.email === user.email);
    expect(reasons.map((d) => d.reason).sort()).toEqual(["unknown_email", "wrong_password"]);
  });

  it("a disabled person's open session is refused on the very next request", async () => {
    const user = await createTestUser(db);
    const cookie = await mustSignIn(server.baseUrl, user.email, TEST_PASSWORD);
    expect((await get("/conversations", cookie)).status).toBe(200);
    await db.user.update({ where: { id: user.id }, data: { isDisabled: true } });
    const response = await get("/conversations", cookie);
    expect(response.status).toBe(307);
    expect(response.headers.get("location")).toMatch(/\/login/);
    expect((await signInOverHttp(server.baseUrl, user.email, TEST_PASSWORD)).cookie).toBeNull();
  });

  it("a role change takes effect on the next request, both ways", async () => {
    const user = await createTestUser(db, { role: "agent" });
    const cookie = await mustSignIn(server.baseUrl, user.email, TEST_PASSWORD);
    expect((await get("/admin/users", cookie)).status).toBe(403);
    await db.user.update({ where: { id: user.id }, data: { role: "admin" } });
    expect((await get("/admin/users", cookie)).status).toBe(200);
    await db.user.update({ where: { id: user.id }, data: { role: "agent" } });
    expect((await get("/admin/users", cookie)).status).toBe(403);
  });

  it("ending a person's sessions (password reset) or deleting them refuses their cookie", async () => {
    const reset = await createTestUser(db);
    const resetCookie = await mustSignIn(server.baseUrl, reset.email, TEST_PASSWORD);
    await db.user.update({ where: { id: reset.id }, data: { sessionVersion: { increment: 1 } } });
    expect((await get("/conversations", resetCookie)).status).toBe(307);

    const deleted = await createTestUser(db);
    const deletedCookie = await mustSignIn(server.baseUrl, deleted.email, TEST_PASSWORD);
    await db.user.delete({ where: { id: deleted.id } });
    expect((await get("/conversations", deletedCookie)).status).toBe(307);
  });

  it("someone with a one-time password is sent to choose their own first", async () => {
    const user = await createTestUser(db, { mustChangePassword: true });
    const cookie = await mustSignIn(server.baseUrl, user.email, TEST_PASSWORD);
    const response = await get("/conversations", cookie);
    expect(response.status).toBe(307);
    expect(response.headers.get("location")).toMatch(/\/account\/password$/);
    expect((await get("/account/password", cookie)).status).toBe(200);
  });

  it("never sends a password hash, and records sign-ins with the time", async () => {
    const admin = await createTestUser(db, { role: "admin" });
    const cookie = await mustSignIn(server.baseUrl, admin.email, TEST_PASSWORD);
    const hash = (await db.user.findUniqueOrThrow({ where: { id: admin.id } })).passwordHash!;
    for (const path of ["/admin/users", "/admin/audit", "/api/auth/session", "/conversations"]) {
      const body = await (await get(path, cookie)).text();
      expect(body).not.toContain(hash);
      expect(body).not.toContain("scrypt$");
    }
    expect((await db.user.findUniqueOrThrow({ where: { id: admin.id } })).lastSignInAt).not.toBeNull();
    const log = await readFile(server.logFile, "utf8");
    expect(log).not.toContain(TEST_PASSWORD);
    expect(log).not.toContain(hash);
  });

  it("sets the session cookie http-only and same-site", async () => {
    const user = await createTestUser(db);
    const csrf = await fetch(`${server.baseUrl}/api/auth/csrf`);
    const { csrfToken } = await csrf.json();
    const response = await fetch(`${server.baseUrl}/api/auth/callback/credentials`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrf.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ") },
      body: new URLSearchParams({ email: user.email, password: TEST_PASSWORD, csrfToken }),
    });
    const sessionCookie = response.headers.getSetCookie().find((cookie) => cookie.startsWith("authjs.session-token="))!;
    expect(sessionCookie).toMatch(/HttpOnly/i);
    expect(sessionCookie).toMatch(/SameSite=Lax/i);
  });

  it("refuses a sign-in post without Auth.js's CSRF token", async () => {
    const user = await createTestUser(db);
    const response = await fetch(`${server.baseUrl}/api/auth/callback/credentials`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email: user.email, password: TEST_PASSWORD }),
    });
    expect(response.headers.getSetCookie().some((cookie) => cookie.startsWith("authjs.session-token="))).toBe(false);
    expect(response.headers.get("location")).toMatch(/error=MissingCSRF/);
  });
});

describe("sign-in throttling", () => {
  it("pauses an account after repeated failures, whatever the password, and lets it in after the window", async () => {
    const database = await createScratchDatabase("sqlite");
    const server = await startCareDeskServer({
      env: { DATABASE_URL: database.url, AUTH_LOCKOUT_ACCOUNT_FAILURES: "3", AUTH_LOCKOUT_ADDRESS_FAILURES: "6", AUTH_LOCKOUT_MINUTES: "0.2", AUTH_FAILURE_DELAY_MS: "0" },
    });
    const db = createDb(database.url);
    try {
      const user = await createTestUser(db);
      for (let attempt = 0; attempt < 2; attempt++) {
        expect((await signInOverHttp(server.baseUrl, user.email, "wrong password")).location).toMatch(/code=invalid/);
      }
      expect((await signInOverHttp(server.baseUrl, user.email, "wrong password")).location).toMatch(/code=locked/);
      // Paused: even the right password is refused, with a message that says what to do.
      const refused = await signInOverHttp(server.baseUrl, user.email, TEST_PASSWORD);
      expect(refused.cookie).toBeNull();
      expect(refused.location).toMatch(/code=locked/);
      const redirect = new URL(refused.location!);
      const page = await (await fetch(`${server.baseUrl}${redirect.pathname}${redirect.search}`)).text();
      expect(page).toContain("Too many failed sign-ins");
      expect(await db.auditEvent.count({ where: { action: "auth.sign_in_refused" } })).toBe(1);

      // A 12-second window: long enough for the failures above to fall inside it on a loaded machine.
      await new Promise((resolve) => setTimeout(resolve, 12_500));
      expect((await signInOverHttp(server.baseUrl, user.email, TEST_PASSWORD)).cookie).not.toBeNull();

      // Per address too: failures spread over many accounts pause the address.
      // At once, so they fall inside one window even on a slow machine.
      await Promise.all(Array.from({ length: 6 }, (_, attempt) => signInOverHttp(server.baseUrl, `guess-${attempt}@example.test`, "wrong password")));
      expect((await signInOverHttp(server.baseUrl, user.email, TEST_PASSWORD)).location).toMatch(/code=locked/);
    } finally {
      await db.$disconnect();
      await server.stop();
      await database.drop();
    }
  });

  it("with AUTH_URL on https, only the __Secure- session cookie counts, whatever the request's scheme", async () => {
    const database = await createScratchDatabase("sqlite");
    const secret = "an-auth-secret-for-this-test-only-0123456789";
    const server = await startCareDeskServer({ env: { DATABASE_URL: database.url, AUTH_SECRET: secret, AUTH_URL: "https://care.example.test" } });
    const db = createDb(database.url);
    try {
      const user = await createTestUser(db);
      const claims = { sub: user.id, sid: (await createTestSession(db, user)).id, sessionVersion: user.sessionVersion };
      const cookie = async (name: string) => `${name}=${await encode({ token: claims, secret, salt: name })}`;
      const status = async (cookieHeader: string) =>
        (await fetch(`${server.baseUrl}/api/media/clnotarealmediaid00000000`, { headers: { cookie: cookieHeader } })).status;
      expect(await status(await cookie("__Secure-authjs.session-token"))).toBe(404);
      expect(await status(await cookie("authjs.session-token"))).toBe(401);
    } finally {
      await db.$disconnect();
      await server.stop();
      await database.drop();
    }
  });

  it("refuses to start with an ADMIN_PASSWORD that is easy to guess, saying why", async () => {
    const database = await createScratchDatabase("sqlite");
    try {
      const failure = await startCareDeskServer({ env: { DATABASE_URL: database.url, ADMIN_EMAIL: "first@example.test", ADMIN_PASSWORD: "password12" } }).then(
        (server) => server.stop().then(() => null),
        (error: Error) => error,
      );
      expect(failure?.message).toMatch(/exited with code 1/);
      const log = await readFile(/see (.*)$/.exec(failure!.message)![1]!, "utf8");
      expect(log).toContain("ADMIN_PASSWORD is refused: This password is too easy to guess.");
      expect(log).not.toContain("password12");
    } finally {
      await database.drop();
    }
  });

  it("refuses to start in production without AUTH_SECRET, naming it", async () => {
    const database = await createScratchDatabase("sqlite");
    try {
      const failure = await startCareDeskServer({ env: { DATABASE_URL: database.url, AUTH_SECRET: "" } }).then(
        (server) => server.stop().then(() => null),
        (error: Error) => error,
      );
      expect(failure?.message).toMatch(/exited with code 1/);
      const log = await readFile(/see (.*)$/.exec(failure!.message)![1]!, "utf8");
      expect(log).toContain("AUTH_SECRET is not set");
      expect(log).toContain("openssl rand -base64 32");
    } finally {
      await database.drop();
    }
  });
});
