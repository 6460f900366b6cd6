// Single sign-on in a real browser against a real OpenID provider (oidc-provider on this machine,
// authorization code with PKCE), each CareDesk on its own scratch SQLite database: a first sign-in
// creates the person with the role their groups give; a group change at the provider changes it
// at the next sign-in; invited-only refuses strangers; with single sign-on required only the
// break-glass admin may still use a password; the button works without JavaScript too. Chromium
// only ever talks to this machine.
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import type { Page } from "@playwright/test";
import { hashPassword } from "../lib/auth/password";
import { PrismaClient } from "../lib/generated/sqlite/client";
import { ADMIN_GROUP, startSsoStack, type SsoStack } from "../test/support/sso-stack";
import { expect, test as base } from "./fixtures";

// CareDesk is reached as http://localhost:PORT (test/support/sso-stack.ts explains why): Chromium
// resolves that name to 127.0.0.1 itself, as a rule, never through a resolver.
const test = base.extend<object, object>({
  launchOptions: [
    async ({ launchOptions }, provide) => {
      await provide({ ...launchOptions, args: [...(launchOptions.args ?? []), "--host-resolver-rules=MAP localhost 127.0.0.1"] });
    },
    { scope: "worker" },
  ],
});

const breakGlass = { email: "break-glass@example.test", password: "the break glass passphrase 41" };

function openDatabase(stack: SsoStack): PrismaClient {
  return new PrismaClient({ adapter: new PrismaBetterSqlite3({ url: stack.databaseUrl.slice("file:".length) }) });
}

/** Records every host the page talks to: only this machine's may appear. */
function watchHosts(page: Page): Set<string> {
  const hosts = new Set<string>();
  page.on("request", (request) => hosts.add(new URL(request.url()).hostname));
  return hosts;
}

/** From CareDesk's sign-in page: the single sign-on button, then the provider's form when it asks. */
async function signInWithSso(page: Page, stack: SsoStack, accountId: string) {
  await page.goto(`${stack.careDeskUrl}/login`);
  await page.getByRole("button", { name: "Sign in with Test IdP" }).click();
  // The provider asks who is signing in, or (still signed in there) sends them straight back.
  await page.waitForURL((url) => url.pathname.startsWith("/interaction/") || url.pathname === "/conversations" || url.searchParams.has("error"));
  if (new URL(page.url()).pathname.startsWith("/interaction/")) {
    await page.getByLabel("Username").fill(accountId);
    await page.getByRole("button", { name: "Continue" }).click();
  }
}

test.describe("open sign-up, roles from the provider's groups", () => {
  let stack: SsoStack;
  let db: PrismaClient;
  test.beforeAll(async () => {
    stack = await startSsoStack({ provider: "sqlite", prefix: "caredesk-e2e-sso-open", env: { AUTH_OIDC_SIGN_UP: "open", ADMIN_EMAIL: breakGlass.email, ADMIN_PASSWORD: breakGlass.password } });
    db = openDatabase(stack);
  });
  test.afterAll(async () => {
    await db?.$disconnect();
    await stack?.stop();
  });

  test("a first sign-in creates the person as an agent; added to the admin group at the provider, they are an admin at their next sign-in", async ({ page }) => {
    const hosts = watchHosts(page);
    stack.oidc.setAccount("dana", { email: "dana@example.test", name: "Dana Reyes", groups: ["support"] });

    await signInWithSso(page, stack, "dana");
    await expect(page).toHaveURL(`${stack.careDeskUrl}/conversations`);
    await expect(page.getByRole("heading", { name: "Conversations" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Dana Reyes (agent)" })).toBeVisible();
    await expect(page.getByRole("link", { name: "People" })).toHaveCount(0);
    expect(await db.user.findUniqueOrThrow({ where: { email: "dana@example.test" } })).toMatchObject({ role: "agent", passwordHash: null, oidcSubject: "dana" });

    // The password page has nothing for someone who only signs in at the provider.
    await page.getByRole("link", { name: "Dana Reyes (agent)" }).click();
    await expect(page.getByRole("status")).toContainText("CareDesk keeps no password for you");
    await expect(page.getByLabel("Current password")).toHaveCount(0);

    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/login/);

    // At the provider, Dana joins the admin group. Still signed in there, she comes straight back.
    stack.oidc.setAccount("dana", { email: "dana@example.test", name: "Dana Reyes", groups: ["support", ADMIN_GROUP] });
    await signInWithSso(page, stack, "dana");
    await expect(page.getByRole("link", { name: "Dana Reyes (admin)" })).toBeVisible();
    await page.getByRole("link", { name: "People" }).click();
    const row = page.getByTestId("user-dana@example.test");
    await expect(row).toContainText("admin");
    await expect(row).toContainText("single sign-on");
    await expect(row).toContainText("no password");

    await page.getByRole("link", { name: "Audit" }).click();
    await expect(page.getByRole("row").filter({ hasText: "Changed a role" }).filter({ hasText: "dana@example.test" })).toContainText("from: agent · to: admin");
    await expect(page.getByRole("row").filter({ hasText: "Signed in" }).first()).toContainText("method: oidc");

    expect([...hosts].filter((host) => host !== "localhost" && host !== "127.0.0.1")).toEqual([]);
  });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });
  let stack: SsoStack;
  test.beforeAll(async () => {
    stack = await startSsoStack({ provider: "sqlite", prefix: "caredesk-e2e-sso-nojs", env: { AUTH_OIDC_SIGN_UP: "open" } });
  });
  test.afterAll(async () => {
    await stack?.stop();
  });

  test("the single sign-on button still signs in (the page's policy lets its form lead to the provider)", async ({ page }) => {
    stack.oidc.setAccount("noscript", { email: "noscript@example.test", name: "Nico Script", groups: [] });
    await signInWithSso(page, stack, "noscript");
    await expect(page).toHaveURL(`${stack.careDeskUrl}/conversations`);
    await expect(page.getByRole("link", { name: "Nico Script (agent)" })).toBeVisible();
  });
});

test.describe("invited people only, single sign-on required", () => {
  let stack: SsoStack;
  let db: PrismaClient;
  const otherAdmin = { email: "other-admin@example.test", password: "another admin passphrase 62" };
  test.beforeAll(async () => {
    stack = await startSsoStack({
      provider: "sqlite",
      prefix: "caredesk-e2e-sso-required",
      env: { AUTH_OIDC_SIGN_UP: "invited", AUTH_SSO_REQUIRED: "true", AUTH_BREAK_GLASS_EMAIL: breakGlass.email, ADMIN_EMAIL: breakGlass.email, ADMIN_PASSWORD: breakGlass.password },
    });
    db = openDatabase(stack);
    await db.user.create({ data: { email: otherAdmin.email, role: "admin", passwordHash: await hashPassword(otherAdmin.password) } });
  });
  test.afterAll(async () => {
    await db?.$disconnect();
    await stack?.stop();
  });

  test("someone nobody added is turned away with a clear message, and nobody is created", async ({ page }) => {
    const hosts = watchHosts(page);
    stack.oidc.setAccount("stranger", { email: "stranger@example.test", name: "Sam Stranger", groups: [ADMIN_GROUP] });
    await signInWithSso(page, stack, "stranger");
    await expect(page).toHaveURL(/\/login\?error=SsoRefused&code=not_invited$/);
    await expect(page.getByText("nobody has added you to CareDesk yet. Ask a CareDesk admin to add you with your work email address.")).toBeVisible();
    expect(await db.user.count({ where: { email: "stranger@example.test" } })).toBe(0);
    expect([...hosts].filter((host) => host !== "localhost" && host !== "127.0.0.1")).toEqual([]);
  });

  test("a password sign-in is refused for an admin, and works for the break-glass admin", async ({ page }) => {
    await page.goto(`${stack.careDeskUrl}/login`);
    await expect(page.getByRole("button", { name: "Sign in with Test IdP" })).toBeVisible();
    await expect(page.getByLabel("Password")).toHaveCount(0);
    await page.getByRole("link", { name: "Break-glass sign-in" }).click();

    await page.getByLabel("Email").fill(otherAdmin.email);
    await page.getByLabel("Password").fill(otherAdmin.password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page.getByText("Password sign-in is turned off for CareDesk: use “Sign in with Test IdP”.")).toBeVisible();
    await expect(page).toHaveURL(/\/login/);

    await page.getByLabel("Email").fill(breakGlass.email);
    await page.getByLabel("Password").fill(breakGlass.password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page).toHaveURL(`${stack.careDeskUrl}/conversations`);
    await expect(page.getByRole("heading", { name: "Conversations" })).toBeVisible();
  });
});
