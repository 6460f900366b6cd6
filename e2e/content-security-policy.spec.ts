import { expect, test } from "./fixtures";

// Every test fails on a violation (fixtures.ts); these check the policy itself.

const directive = (policy: string, name: string) =>
  policy
    .split(";")
    .map((entry) => entry.trim())
    .find((entry) => entry.split(/\s+/)[0] === name) ?? "";

test("each page response has its own nonce, which Next puts on every script it sends, and no inline script is allowed", async ({ page }) => {
  const nonces: string[] = [];
  for (let visit = 0; visit < 2; visit++) {
    const response = (await page.goto("/login"))!;
    const policy = response.headers()["content-security-policy"] ?? "";
    const scriptSource = directive(policy, "script-src");
    expect(scriptSource).toMatch(/^script-src 'self' 'nonce-[A-Za-z0-9+/]+={0,2}' 'strict-dynamic'$/);
    expect(policy).not.toContain("'unsafe-inline'");
    expect(policy).not.toContain("'unsafe-eval'");
    expect(directive(policy, "object-src")).toBe("object-src 'none'");
    expect(directive(policy, "frame-ancestors")).toBe("frame-ancestors 'none'");
    // Served over plain http here: upgrading would send the browser to a port that does not answer.
    expect(directive(policy, "upgrade-insecure-requests")).toBe("");
    const nonce = /'nonce-([^']+)'/.exec(scriptSource)![1]!;
    const scriptTags = (await response.text()).match(/<script\b[^>]*>/g) ?? [];
    expect(scriptTags.length).toBeGreaterThan(0);
    for (const tag of scriptTags) expect(tag).toContain(` nonce="${nonce}"`);
    nonces.push(nonce);
  }
  expect(nonces[0]).not.toBe(nonces[1]);
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
});

test("a page that does not exist is under the policy too, and says so without inline styles", async ({ page }) => {
  const response = (await page.goto("/no-such-page"))!;
  expect(response.status()).toBe(404);
  expect(directive(response.headers()["content-security-policy"] ?? "", "script-src")).toContain("'nonce-");
  await expect(page.getByRole("heading", { name: "This page does not exist" })).toBeVisible();
});
