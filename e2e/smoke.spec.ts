import { expect, test } from "./fixtures";

test("the home page loads and links to the system status", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "CareDesk" })).toBeVisible();
  await expect(page).toHaveTitle(/CareDesk/);
  await page.getByRole("link", { name: "System status" }).click();
  await expect(page.locator("body")).toContainText('"status":"ok"');
});

test("/api/health tells an anonymous caller only that CareDesk is up", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ status: "ok" });
});
