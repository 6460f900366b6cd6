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
