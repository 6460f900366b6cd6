// Changing one's own password over real HTTP (the form, as a browser without JavaScript posts it):
// the current password is checked under the sign-in throttle and audited, on each database.
import { afterAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../db";
import { createTestUser, TEST_PASSWORD } from "../../test/support/factories";
import { mustSignIn, signInOverHttp } from "../../test/support/http-session";
import { careDeskServers } from "../../test/support/servers";
import { submitFormOverHttp } from "../../test/support/submit-form";

const ACCOUNT_LIMIT = 5; // the servers' AUTH_LOCKOUT_ACCOUNT_FAILURES (the default)
const NEW_PASSWORD = "a fresh passphrase of mine 42";

async function eventsFor(db: Db, userId: string, action: "auth.password_check_failed" | "auth.password_check_refused" | "user.password_changed") {
  return db.auditEvent.findMany({ where: { action, actorId: userId } });
}

describe.each(careDeskServers())("changing one's password on $provider", (server) => {
  const db = createDb(server.databaseUrl);
  afterAll(() => db.$disconnect());
  const change = (cookie: string, currentPassword: string, newPassword = NEW_PASSWORD, headers?: Record<string, string>) =>
    submitFormOverHttp(server.baseUrl, "/account/password", { cookie, fields: { currentPassword, newPassword }, headers });

  it("works with the right current password, and audits it", async () => {
    const user = await createTestUser(db);
    const cookie = await mustSignIn(server.baseUrl, user.email, TEST_PASSWORD);
    const result = await change(cookie, TEST_PASSWORD);
    expect(result.status).toBe(303);
    expect(await eventsFor(db, user.id, "user.password_changed")).toHaveLength(1);
    expect((await signInOverHttp(server.baseUrl, user.email, NEW_PASSWORD)).cookie).not.toBeNull();
  });

  it("refuses a weak new password, saying why, before checking anything", async () => {
    const user = await createTestUser(db);
    const cookie = await mustSignIn(server.baseUrl, user.email, TEST_PASSWORD);
    const result = await change(cookie, TEST_PASSWORD, "password12");
    expect(result.html).toContain("This password is too easy to guess.");
    expect(await eventsFor(db, user.id, "user.password_changed")).toHaveLength(0);
  });

  it("a wrong current password is audited with the client's address", async () => {
    const user = await createTestUser(db);
    const cookie = await mustSignIn(server.baseUrl, user.email, TEST_PASSWORD);
    const result = await change(cookie, "not my password", NEW_PASSWORD, { "x-forwarded-for": "10.1.1.1, 203.0.113.61" });
    expect(result.html).toContain("Your current password is not right.");
    const [failure] = await eventsFor(db, user.id, "auth.password_check_failed");
    expect(failure).toMatchObject({ ipAddress: "203.0.113.61", detail: { email: user.email, reason: "wrong_password" } });
  });

  it("parallel wrong current passwords evaluate at most the sign-in limit; then the right one, and sign-in, are refused", async () => {
    const user = await createTestUser(db);
    const cookie = await mustSignIn(server.baseUrl, user.email, TEST_PASSWORD);
    const hashBefore = (await db.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash;
    await Promise.all(
      Array.from({ length: 12 }, (_, index) => change(cookie, `wrong current ${index}`, NEW_PASSWORD, { "x-forwarded-for": `198.51.100.${index + 1}` })),
    );
    const evaluated = await eventsFor(db, user.id, "auth.password_check_failed");
    expect(evaluated.length).toBeGreaterThan(0);
    expect(evaluated.length).toBeLessThanOrEqual(ACCOUNT_LIMIT);
    expect(await eventsFor(db, user.id, "auth.password_check_refused")).toHaveLength(12 - evaluated.length);

    const right = await change(cookie, TEST_PASSWORD);
    expect(right.html).toContain("Too many failed sign-ins");
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash).toBe(hashBefore);
    expect((await signInOverHttp(server.baseUrl, user.email, TEST_PASSWORD)).location).toMatch(/code=locked/);
  });
});
