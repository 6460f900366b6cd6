// Single sign-on over real HTTP, against a real OpenID provider (oidc-provider, PKCE required) and
// `next start`, on each database: the sign-in page's button, the provider's sign-in, the callback,
// and then the same session model as for passwords (a Session row, the gate, sign-out). People are
// created or refused, linked and re-roled from the provider's claims; every secret stays out of
// the server's log.
import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../db";
import { createTestUser, TEST_PASSWORD } from "../../test/support/factories";
import { HttpBrowser, type Visit } from "../../test/support/http-browser";
import { signInOverHttp, signOutOverHttp } from "../../test/support/http-session";
import { postgresServerUrl, testedProviders } from "../../test/support/providers";
import { ADMIN_GROUP, startSsoStack, type SsoStack } from "../../test/support/sso-stack";
import { submitActionForm } from "../../test/support/submit-action-form";

const SESSION_COOKIE = "authjs.session-token";

/** A person at the provider, unique to the test: the account id is their `sub`. */
function newPerson(stack: SsoStack, account: { groups?: string[]; emailVerified?: boolean; name?: string } = {}) {
  const id = `person-${randomUUID().slice(0, 8)}`;
  const person = { id, email: `${id}@example.test`, name: account.name ?? `Person ${id}`, groups: account.groups ?? [], emailVerified: account.emailVerified };
  stack.oidc.setAccount(id, person);
  return person;
}

/** Clicks "Sign in with Test IdP" on CareDesk's sign-in page and signs in at the provider as `accountId` (or cancels there). */
async function signInWithSso(stack: SsoStack, browser: HttpBrowser, accountId: string, options: { cancel?: boolean } = {}): Promise<Visit> {
  const login = await browser.visit(`${stack.careDeskUrl}/login`);
  let page = await browser.submit(login, "Sign in with Test IdP");
  // A browser already signed in at the provider comes straight back.
  if (new URL(page.url).pathname.startsWith("/interaction/")) {
    page = options.cancel ? await browser.submit(page, "/abort") : await browser.submit(page, "/login", { login: accountId });
  }
  return page;
}

async function sessionOf(stack: SsoStack, cookie: string | null): Promise<{ user: { email: string } } | null> {
  const response = await fetch(`${stack.careDeskUrl}/api/auth/session`, { headers: { cookie: `${SESSION_COOKIE}=${cookie}` } });
  return (await response.json()) as { user: { email: string } } | null;
}

async function statusOf(stack: SsoStack, browser: HttpBrowser, path: string): Promise<number> {
  const response = await browser.request(`${stack.careDeskUrl}${path}`);
  await response.body?.cancel();
  return response.status;
}

async function auditOf(db: Db, userId: string | null, action: string) {
  const events = await db.auditEvent.findMany({ where: { action }, orderBy: { createdAt: "asc" } });
  return events.filter((event) => userId === null || event.actorId === userId || event.targetId === userId);
}

describe.each(testedProviders)("single sign-on on %s: open sign-up, roles from the provider's groups", (provider) => {
  let stack: SsoStack;
  let db: Db;
  const firstAdmin = { email: "first-admin@example.test", password: "a long first admin passphrase 7" };
  beforeAll(async () => {
    stack = await startSsoStack({
      provider,
      postgresServerUrl,
      env: { AUTH_OIDC_SIGN_UP: "open", AUTH_OIDC_TEAMS_FROM_GROUPS: "true", ADMIN_EMAIL: firstAdmin.email, ADMIN_PASSWORD: firstAdmin.password },
    });
    db = createDb(stack.databaseUrl);
  });
  afterAll(async () => {
    await db?.$disconnect();
    await stack?.stop();
  });

  it("a first sign-in creates the person as an agent without a password, with a session as a password sign-in makes", async () => {
    const person = newPerson(stack);
    const browser = new HttpBrowser();
    const page = await signInWithSso(stack, browser, person.id);
    expect(new URL(page.url).pathname).toBe("/conversations");
    // The authorization request used PKCE (the provider requires it) and never left this machine.
    expect(browser.history.every((url) => ["localhost", "127.0.0.1"].includes(new URL(url).hostname))).toBe(true);
    expect(browser.history.some((url) => new URL(url).searchParams.get("code_challenge_method") === "S256")).toBe(true);

    const user = await db.user.findUniqueOrThrow({ where: { email: person.email } });
    expect(user).toMatchObject({ role: "agent", passwordHash: null, mustChangePassword: false, oidcSubject: person.id, name: person.name, isDisabled: false });
    expect(user.lastSignInAt).not.toBeNull();
    const sessions = await db.session.findMany({ where: { userId: user.id } });
    expect(sessions).toHaveLength(1);
    const cookie = browser.cookie(stack.careDeskUrl, SESSION_COOKIE);
    expect((await sessionOf(stack, cookie))?.user.email).toBe(person.email);
    expect(await statusOf(stack, browser, "/admin/users")).toBe(403);

    const [signIn] = await auditOf(db, user.id, "auth.sign_in");
    expect(signIn).toMatchObject({ actorEmail: person.email, detail: { method: "oidc", created: true } });
    expect((await auditOf(db, user.id, "user.created"))[0]).toMatchObject({ detail: { email: person.email, role: "agent", method: "oidc" } });
  });

  it("a group change at the provider changes the role at the next sign-in, audited; open sessions follow on their next request", async () => {
    const person = newPerson(stack);
    const laptop = new HttpBrowser();
    await signInWithSso(stack, laptop, person.id);
    const user = await db.user.findUniqueOrThrow({ where: { email: person.email } });
    expect(user.role).toBe("agent");

    stack.oidc.setAccount(person.id, { ...person, groups: ["everyone", ADMIN_GROUP] });
    const phone = new HttpBrowser();
    expect(new URL((await signInWithSso(stack, phone, person.id)).url).pathname).toBe("/conversations");
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).role).toBe("admin");
    expect(await statusOf(stack, phone, "/admin/users")).toBe(200);
    // The gate reads the role on every request, as after an admin's change: no session had to end.
    expect(await statusOf(stack, laptop, "/admin/users")).toBe(200);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).sessionVersion).toBe(user.sessionVersion);
    expect((await auditOf(db, user.id, "user.role_changed"))[0]).toMatchObject({
      actorEmail: person.email,
      targetId: user.id,
      detail: { email: person.email, from: "agent", to: "admin", by: "provider groups" },
    });

    stack.oidc.setAccount(person.id, { ...person, groups: [] });
    await signInWithSso(stack, new HttpBrowser(), person.id);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).role).toBe("agent");
    expect(await statusOf(stack, laptop, "/admin/users")).toBe(403);
    expect(await auditOf(db, user.id, "user.role_changed")).toHaveLength(2);
  });

  it("puts the person in exactly the teams named like their groups at each sign-in, audited; other teams are left alone", async () => {
    const suffix = randomUUID().slice(0, 6);
    const orders = await db.team.create({ data: { name: `Orders ${suffix}` } });
    const deliveries = await db.team.create({ data: { name: `Deliveries ${suffix}` } });
    const person = newPerson(stack, { groups: [orders.name, "no-such-team"] });
    await signInWithSso(stack, new HttpBrowser(), person.id);
    const user = await db.user.findUniqueOrThrow({ where: { email: person.email } });
    const teamsOf = async () => (await db.teamMember.findMany({ where: { userId: user.id }, include: { team: true } })).map((member) => member.team.name).sort();
    expect(await teamsOf()).toEqual([orders.name]);

    stack.oidc.setAccount(person.id, { ...person, groups: [deliveries.name] });
    await signInWithSso(stack, new HttpBrowser(), person.id);
    expect(await teamsOf()).toEqual([deliveries.name]);
    const synced = await auditOf(db, user.id, "team.membership_synced");
    expect(synced.map((event) => event.detail)).toEqual([
      { joined: orders.name, left: "", by: "provider groups" },
      { joined: deliveries.name, left: orders.name, by: "provider groups" },
    ]);
  });

  it("finds the person by their subject when their email changes at the provider, and takes the new email", async () => {
    const person = newPerson(stack);
    await signInWithSso(stack, new HttpBrowser(), person.id);
    const user = await db.user.findUniqueOrThrow({ where: { email: person.email } });
    const newEmail = `renamed-${person.id}@example.test`;
    stack.oidc.setAccount(person.id, { ...person, email: newEmail });
    const browser = new HttpBrowser();
    expect(new URL((await signInWithSso(stack, browser, person.id)).url).pathname).toBe("/conversations");
    expect(await db.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ email: newEmail, oidcSubject: person.id });
    expect(await db.user.count({ where: { oidcSubject: person.id } })).toBe(1);
    expect((await sessionOf(stack, browser.cookie(stack.careDeskUrl, SESSION_COOKIE)))?.user.email).toBe(newEmail);
  });

  it("refuses a disabled person with a clear message: no session, audited", async () => {
    const person = newPerson(stack);
    await signInWithSso(stack, new HttpBrowser(), person.id);
    const user = await db.user.update({ where: { email: person.email }, data: { isDisabled: true } });
    const browser = new HttpBrowser();
    const page = await signInWithSso(stack, browser, person.id);
    expect(page.url).toMatch(/\/login\?error=SsoRefused&code=disabled$/);
    expect(page.html).toContain("Your CareDesk account is disabled.");
    expect(browser.cookie(stack.careDeskUrl, SESSION_COOKIE)).toBeNull();
    expect(await db.session.count({ where: { userId: user.id } })).toBe(1);
    expect((await auditOf(db, user.id, "auth.sign_in_failed"))[0]).toMatchObject({ detail: { method: "oidc", email: person.email, reason: "disabled" } });
  });

  it("refuses an email the provider says is not verified, and creates nobody", async () => {
    const person = newPerson(stack, { emailVerified: false });
    const page = await signInWithSso(stack, new HttpBrowser(), person.id);
    expect(page.url).toMatch(/code=email_unverified$/);
    expect(page.html).toContain("says your email address is not verified");
    expect(await db.user.count({ where: { email: person.email } })).toBe(0);
  });

  it("says so when the person cancels at the provider", async () => {
    const person = newPerson(stack);
    const page = await signInWithSso(stack, new HttpBrowser(), person.id, { cancel: true });
    expect(new URL(page.url).pathname).toBe("/login");
    expect(page.html).toContain("was cancelled or refused");
    expect(await db.user.count({ where: { email: person.email } })).toBe(0);
  });

  it("signing out ends the session on the server: a copy of its cookie is refused afterwards", async () => {
    const person = newPerson(stack);
    const browser = new HttpBrowser();
    await signInWithSso(stack, browser, person.id);
    const cookie = browser.cookie(stack.careDeskUrl, SESSION_COOKIE)!;
    await signOutOverHttp(stack.careDeskUrl, `${SESSION_COOKIE}=${cookie}`);
    expect(await sessionOf(stack, cookie)).toBeNull();
    const user = await db.user.findUniqueOrThrow({ where: { email: person.email } });
    expect((await db.session.findFirstOrThrow({ where: { userId: user.id } })).revokedAt).not.toBeNull();
  });

  it("the password page tells a person without a password there is nothing to change, and its form changes nothing", async () => {
    const person = newPerson(stack);
    const browser = new HttpBrowser();
    await signInWithSso(stack, browser, person.id);
    const page = await browser.visit(`${stack.careDeskUrl}/account/password`);
    expect(page.html).toContain("CareDesk keeps no password for you");
    expect(page.html).not.toContain('name="currentPassword"');
    // The action refuses too (the form as a person with a password gets it, posted with this session), counting no guess.
    const adminCookie = (await signInOverHttp(stack.careDeskUrl, firstAdmin.email, firstAdmin.password)).cookie!;
    const posted = await submitActionForm(stack.careDeskUrl, "/account/password", {
      cookie: adminCookie,
      actionCookie: `${SESSION_COOKIE}=${browser.cookie(stack.careDeskUrl, SESSION_COOKIE)}`,
      formContaining: "currentPassword",
      fields: { currentPassword: "anything at all", newPassword: "a brand new passphrase 58" },
    });
    expect(posted.html).toContain("CareDesk keeps no password for you");
    const user = await db.user.findUniqueOrThrow({ where: { email: person.email } });
    expect(user.passwordHash).toBeNull();
    expect(await auditOf(db, user.id, "auth.password_check_failed")).toHaveLength(0);
    expect(await auditOf(db, user.id, "user.password_changed")).toHaveLength(0);
  });

  it("a one-time password an admin set ends at the person's next single sign-on, which does not ask for a new one", async () => {
    const person = newPerson(stack);
    await signInWithSso(stack, new HttpBrowser(), person.id);
    const user = await db.user.findUniqueOrThrow({ where: { email: person.email } });
    const adminCookie = (await signInOverHttp(stack.careDeskUrl, firstAdmin.email, firstAdmin.password)).cookie!;
    // The reset form opens in the browser; the person's role form goes to the same action.
    const reset = await submitActionForm(stack.careDeskUrl, "/admin/users", {
      cookie: adminCookie,
      // The role form: the first of the person's forms that takes a `kind` (their sessions' form comes first on the row).
      formContaining: `<input type="hidden" name="kind" value="role"/><input type="hidden" name="userId" value="${user.id}"/>`,
      fields: { kind: "reset_password", password: "a one-time passphrase 93" },
    });
    expect(reset.status).toBe(200);
    expect(await db.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ mustChangePassword: true, passwordHash: expect.any(String) });

    const page = await signInWithSso(stack, new HttpBrowser(), person.id);
    expect(new URL(page.url).pathname).toBe("/conversations");
    expect(await db.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ mustChangePassword: false, passwordHash: null });
    expect((await auditOf(db, user.id, "auth.sign_in")).at(-1)).toMatchObject({ detail: { method: "oidc", oneTimePasswordEnded: true } });
    expect((await signInOverHttp(stack.careDeskUrl, person.email, "a one-time passphrase 93")).cookie).toBeNull();
  });

  it("never takes admin away from CareDesk's last enabled admin, whatever their groups say", async () => {
    // Everyone else this block made an admin is an agent again; the first admin links by email.
    await db.user.updateMany({ where: { role: "admin", email: { not: firstAdmin.email } }, data: { role: "agent" } });
    stack.oidc.setAccount("first-admin", { email: firstAdmin.email, name: "First Admin", groups: ["everyone"] });
    const page = await signInWithSso(stack, new HttpBrowser(), "first-admin");
    expect(new URL(page.url).pathname).toBe("/conversations");
    const user = await db.user.findUniqueOrThrow({ where: { email: firstAdmin.email } });
    expect(user).toMatchObject({ role: "admin", oidcSubject: "first-admin" });
    expect((await auditOf(db, user.id, "auth.sign_in")).at(-1)).toMatchObject({ detail: { method: "oidc", linked: true, roleKept: "last enabled admin" } });
    expect(await auditOf(db, user.id, "user.role_changed")).toHaveLength(0);
  });

  it("logs no client secret, token or ID token, whatever happened above", async () => {
    const person = newPerson(stack);
    await signInWithSso(stack, new HttpBrowser(), person.id);
    const log = await readFile(stack.server.logFile, "utf8");
    expect(stack.oidc.issuedTokens.length).toBeGreaterThan(5);
    expect(log).not.toContain(stack.oidc.clientSecret);
    for (const token of stack.oidc.issuedTokens) expect(log).not.toContain(token);
    expect(log).not.toMatch(/eyJ[\w-]{10,}\.[\w-]{10,}/);
    expect(stack.oidc.serverErrors).toEqual([]);
  });
});

describe.each(testedProviders)("single sign-on on %s: invited people only, single sign-on required", (provider) => {
  let stack: SsoStack;
  let db: Db;
  const breakGlass = { email: "break-glass@example.test", password: "the break glass passphrase 41" };
  beforeAll(async () => {
    stack = await startSsoStack({
      provider,
      postgresServerUrl,
      env: { AUTH_OIDC_SIGN_UP: "invited", AUTH_SSO_REQUIRED: "true", AUTH_BREAK_GLASS_EMAIL: breakGlass.email, ADMIN_EMAIL: breakGlass.email, ADMIN_PASSWORD: breakGlass.password },
    });
    db = createDb(stack.databaseUrl);
  });
  afterAll(async () => {
    await db?.$disconnect();
    await stack?.stop();
  });

  it("the sign-in page offers only single sign-on, and the break-glass form behind a link", async () => {
    const page = await new HttpBrowser().visit(`${stack.careDeskUrl}/login`);
    expect(page.html).toContain("Sign in with Test IdP");
    expect(page.html).not.toContain('name="password"');
    expect(page.html).toContain("Break-glass sign-in");
    const breakGlassPage = await new HttpBrowser().visit(`${stack.careDeskUrl}/login?method=password`);
    expect(breakGlassPage.html).toContain('name="password"');
  });

  it("refuses a person nobody added, with a clear message, and creates nobody", async () => {
    const person = newPerson(stack);
    const browser = new HttpBrowser();
    const page = await signInWithSso(stack, browser, person.id);
    expect(page.url).toMatch(/code=not_invited$/);
    expect(page.html).toContain("nobody has added you to CareDesk yet");
    expect(browser.cookie(stack.careDeskUrl, SESSION_COOKIE)).toBeNull();
    expect(await db.user.count({ where: { email: person.email } })).toBe(0);
    const [refusal] = (await auditOf(db, null, "auth.sign_in_failed")).filter((event) => (event.detail as { email?: string }).email === person.email);
    expect(refusal).toMatchObject({ actorId: null, detail: { method: "oidc", reason: "not_invited" } });
  });

  it("a person an admin added by email, without a password, signs in and is linked to their subject", async () => {
    const person = newPerson(stack, { groups: [ADMIN_GROUP] });
    const adminCookie = (await signInOverHttp(stack.careDeskUrl, breakGlass.email, breakGlass.password)).cookie!;
    const added = await submitActionForm(stack.careDeskUrl, "/admin/users", { cookie: adminCookie, formContaining: "Add person", fields: { email: person.email, role: "agent", password: "" } });
    expect(added.html).toContain(`${person.email} can now sign in with single sign-on.`);
    expect(await db.user.findUniqueOrThrow({ where: { email: person.email } })).toMatchObject({ passwordHash: null, mustChangePassword: false, oidcSubject: null });

    const page = await signInWithSso(stack, new HttpBrowser(), person.id);
    expect(new URL(page.url).pathname).toBe("/conversations");
    const user = await db.user.findUniqueOrThrow({ where: { email: person.email } });
    expect(user).toMatchObject({ oidcSubject: person.id, role: "admin" });
    expect((await auditOf(db, user.id, "auth.sign_in"))[0]).toMatchObject({ detail: { method: "oidc", linked: true } });
  });

  it("refuses a password sign-in to everyone but the break-glass admin, without looking at the password", async () => {
    const admin = await createTestUser(db, { role: "admin" });
    const refused = await signInOverHttp(stack.careDeskUrl, admin.email, TEST_PASSWORD);
    expect(refused.cookie).toBeNull();
    expect(refused.location).toMatch(/error=CredentialsSignin&code=sso_required/);
    const [failure] = (await auditOf(db, null, "auth.sign_in_failed")).filter((event) => (event.detail as { email?: string }).email === admin.email);
    expect(failure).toMatchObject({ detail: { reason: "sso_required" } });
    const page = await new HttpBrowser().visit(new URL(refused.location!, stack.careDeskUrl).toString());
    expect(page.html).toContain("Password sign-in is turned off for CareDesk");

    expect((await signInOverHttp(stack.careDeskUrl, breakGlass.email, breakGlass.password)).cookie).not.toBeNull();
  });

  it("an admin cannot give a password to someone who must use single sign-on, even with a forged form", async () => {
    const agent = await createTestUser(db);
    const adminCookie = (await signInOverHttp(stack.careDeskUrl, breakGlass.email, breakGlass.password)).cookie!;
    // The page offers no reset for them; their role form, posted as a reset, goes to the same action.
    const forged = await submitActionForm(stack.careDeskUrl, "/admin/users", {
      cookie: adminCookie,
      formContaining: `<input type="hidden" name="kind" value="role"/><input type="hidden" name="userId" value="${agent.id}"/>`,
      fields: { kind: "reset_password", password: "a one-time passphrase 93" },
    });
    expect(forged.html).toContain("Password sign-in is turned off");
    expect((await db.user.findUniqueOrThrow({ where: { id: agent.id } })).mustChangePassword).toBe(false);
  });
});
