// Every spec's `test`: the same as Playwright's, except that each test fails if any page it opened
// broke the Content-Security-Policy (proxy.ts), so a script or style the policy blocks, and the
// page it silently breaks, cannot go unnoticed.
import { test as base, type BrowserContext, type Page } from "@playwright/test";

export { expect } from "@playwright/test";

const REPORT_BINDING = "__reportCspViolation";

/** Records both ways a browser tells of a violation: its console message and the page's event. */
async function watchForCspViolations(context: BrowserContext, violations: string[]) {
  context.on("console", (message) => {
    if (message.text().includes("Content Security Policy")) violations.push(`console on ${message.location().url}: ${message.text()}`);
  });
  await context.exposeBinding(REPORT_BINDING, ({ page }, violation: string) => {
    violations.push(`securitypolicyviolation on ${page.url()}: ${violation}`);
  });
  await context.addInitScript((binding) => {
    document.addEventListener("securitypolicyviolation", (event) => {
      const report = (window as unknown as Record<string, (violation: string) => void>)[binding];
      report?.(`${event.effectiveDirective} blocked ${event.blockedURI || "inline"} (${event.sourceFile}:${event.lineNumber}) ${event.sample}`);
    });
  }, REPORT_BINDING);
}

type Fixtures = {
  cspViolations: string[];
  /** A page in a browser of its own (another person at another desk), watched like `page`. */
  newIsolatedPage: () => Promise<Page>;
};

// Fixture functions name their second argument `provide`: React's lint rules take `use` for the hook.
export const test = base.extend<Fixtures>({
  cspViolations: [
    async ({}, provide) => {
      const violations: string[] = [];
      await provide(violations);
      // Checked after the test's contexts are closed (they depend on this fixture), so late reports count.
      if (violations.length > 0) throw new Error(`Content-Security-Policy violations:\n${violations.join("\n")}`);
    },
    { auto: true },
  ],
  context: async ({ context, cspViolations }, provide) => {
    await watchForCspViolations(context, cspViolations);
    await provide(context);
  },
  newIsolatedPage: async ({ browser, cspViolations }, provide) => {
    const contexts: BrowserContext[] = [];
    await provide(async () => {
      const context = await browser.newContext();
      contexts.push(context);
      await watchForCspViolations(context, cspViolations);
      return context.newPage();
    });
    await Promise.all(contexts.map((context) => context.close()));
  },
});
