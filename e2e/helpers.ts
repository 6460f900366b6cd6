import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

export const admin = { email: process.env.E2E_ADMIN_EMAIL!, password: process.env.E2E_ADMIN_PASSWORD! };
export const agent = { email: process.env.E2E_AGENT_EMAIL!, password: process.env.E2E_AGENT_PASSWORD! };
export const mediaOrigin = `http://127.0.0.1:${process.env.E2E_MEDIA_PORT}`;
export const webhookTarget = (baseUrl: string) => ({ baseUrl, signatureSecret: process.env.E2E_SIGNATURE_SECRET!, apiKey: "demo-api-key" });

export async function signIn(page: Page, email: string, password: string) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

export async function signInAsAdmin(page: Page) {
  await signIn(page, admin.email, admin.password);
  await expect(page).toHaveURL(/\/conversations/);
}

export async function signInAsAgent(page: Page) {
  await signIn(page, agent.email, agent.password);
  await expect(page).toHaveURL(/\/conversations/);
}

/** The document is no taller and no wider than the window, and the window stays at its top when asked to scroll. */
export async function expectWindowNotToScroll(page: Page) {
  const sizes = await page.evaluate(() => {
    const root = document.scrollingElement!;
    window.scrollTo(0, root.scrollHeight);
    return { scrollHeight: root.scrollHeight, scrollWidth: root.scrollWidth, scrollY: window.scrollY, innerHeight: window.innerHeight, innerWidth: window.innerWidth };
  });
  expect(sizes.scrollHeight).toBeLessThanOrEqual(sizes.innerHeight);
  expect(sizes.scrollWidth).toBeLessThanOrEqual(sizes.innerWidth);
  expect(sizes.scrollY).toBe(0);
}

/** axe-core finds nothing serious or critical on the page as it stands. */
export async function expectNoSeriousAxeViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => ({ rule: violation.id, impact: violation.impact, help: violation.help, elements: violation.nodes.map((node) => node.target.join(" ")).slice(0, 5) }));
  expect(serious, `axe on ${page.url()}`).toEqual([]);
}

/** What an action answered (a form's role="status" message), not the thread's presence line, which is a status too. */
export function actionMessage(page: Page) {
  return page.getByRole("status").and(page.locator(':not([data-testid="presence"])'));
}
