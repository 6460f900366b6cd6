import { randomUUID } from "node:crypto";
import { expect, test } from "./fixtures";
import { admin, signIn, signInAsAdmin } from "./helpers";

test("an admin adds an agent, who sees the inbox but not the admin pages, until the admin disables them", async ({ newIsolatedPage }) => {
  const adminPage = await newIsolatedPage();
  const agentPage = await newIsolatedPage();
  const agentEmail = `agent-${randomUUID().slice(0, 8)}@example.test`;

  await signInAsAdmin(adminPage);
  await adminPage.getByRole("link", { name: "People" }).click();
  const addForm = adminPage.getByRole("form", { name: "Add a person" });
  await addForm.getByLabel("Email").fill(agentEmail);
  await addForm.getByLabel("Name (optional)").fill("Riley Agent");
  await addForm.getByLabel("One-time password").fill("one-time-pass-123");
  await addForm.getByRole("button", { name: "Add person" }).click();
  await expect(adminPage.getByRole("status")).toContainText(`${agentEmail} can now sign in`);
  const row = adminPage.getByTestId(`user-${agentEmail}`);
  await expect(row).toContainText("agent");
  await expect(row).toContainText("never");

  // The agent signs in with the one-time password and must choose their own first.
  await signIn(agentPage, agentEmail, "one-time-pass-123");
  await expect(agentPage).toHaveURL(/\/account\/password/);
  await expect(agentPage.getByRole("status")).toContainText("Choose your own to continue");
  await agentPage.getByLabel("Current password").fill("one-time-pass-123");
  await agentPage.getByLabel("New password").fill("riley-own-password-1");
  await agentPage.getByRole("button", { name: "Save new password" }).click();
  await expect(agentPage).toHaveURL(/\/conversations/);
  await expect(agentPage.getByRole("heading", { name: "Conversations" })).toBeVisible();
  await expect(agentPage.getByRole("link", { name: "People" })).toHaveCount(0);

  const forbidden = await agentPage.goto("/admin/users");
  expect(forbidden?.status()).toBe(403);
  await expect(agentPage.getByRole("heading", { name: "You do not have access to this page" })).toBeVisible();

  // The admin disables the agent; the agent's open tab is refused on its next navigation.
  await adminPage.reload();
  await adminPage.getByTestId(`user-${agentEmail}`).getByRole("button", { name: "Disable" }).click();
  await expect(adminPage.getByTestId(`user-${agentEmail}`)).toContainText("disabled");
  await agentPage.goto("/conversations");
  await expect(agentPage).toHaveURL(/\/login/);
  await signIn(agentPage, agentEmail, "riley-own-password-1");
  await expect(agentPage.getByRole("alert").filter({ hasText: "Email or password is incorrect." })).toBeVisible();

  // Every change is in the audit trail.
  await adminPage.getByRole("link", { name: "Audit" }).click();
  await adminPage.getByLabel("Person (email)").fill(admin.email);
  await adminPage.getByRole("button", { name: "Filter" }).click();
  await expect(adminPage.getByRole("cell", { name: "Added a person" }).first()).toBeVisible();
  await expect(adminPage.getByRole("cell", { name: "Disabled a person" }).first()).toBeVisible();
});

test("the last admin cannot demote themselves", async ({ page }) => {
  await signInAsAdmin(page);
  await page.goto("/admin/users");
  const row = page.getByTestId(`user-${admin.email}`);
  await row.getByLabel(`Role of ${admin.email}`).selectOption("agent");
  await row.getByRole("button", { name: "Save role" }).click();
  await expect(row.getByRole("alert")).toHaveText("CareDesk needs at least one enabled admin: make someone else an admin first.");
  await page.reload();
  await expect(page.getByTestId(`user-${admin.email}`).getByLabel(`Role of ${admin.email}`)).toHaveValue("admin");
});

test("signing out ends the session, on the server too", async ({ page, baseURL }) => {
  await signInAsAdmin(page);
  const sessionCookie = (await page.context().cookies()).find((cookie) => cookie.name === "authjs.session-token")!;
  const copy = `${sessionCookie.name}=${sessionCookie.value}`;
  const probe = async () => (await fetch(`${baseURL}/api/media/clnotarealmediaid00000000`, { headers: { cookie: copy } })).status;
  expect(await probe()).toBe(404);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/admin/users");
  await expect(page).toHaveURL(/\/login/);
  // A copy of the cookie taken before signing out (another device, a stolen one) is refused too.
  expect(await probe()).toBe(401);
});
