import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";

// Each case runs in a Node process of its own, as a test file's worker does.

const root = path.resolve(import.meta.dirname, "../..");
const roots: string[] = [];
afterEach(() => {
  for (const directory of roots.splice(0)) rmSync(directory, { recursive: true, force: true });
});

/** Runs `code` in a Node process of its own with TMPDIR pointing at a fresh directory; returns what is left in it. */
function leftAfter(code: string): { left: string[]; status: number | null } {
  const temp = mkdtempSync(path.join(tmpdir(), "temp-directory-test-"));
  roots.push(temp);
  const run = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", code], {
    cwd: root,
    env: { ...process.env, TMPDIR: temp },
    encoding: "utf8",
  });
  // tsx keeps a cache there too: only CareDesk's own directories count.
  return { left: readdirSync(temp).filter((name) => name.startsWith("caredesk")), status: run.status };
}

describe("temporary directories of tests", () => {
  it("are gone when their owner stops or drops them", () => {
    const { left, status } = leftAfter(`
      import { createFakeApplication } from "./test/vonage-fake/application-keys.ts";
      import { makeTempDirectory } from "./test/support/temp-directory.ts";
      const application = createFakeApplication();
      const directory = makeTempDirectory("caredesk-scratch");
      await application.remove();
      await directory.remove();
      // Still running: nothing may be left for the exit to clean.
      const { readdirSync } = await import("node:fs");
      if (readdirSync(process.env.TMPDIR).some((name) => name.startsWith("caredesk"))) process.exit(3);
    `);
    expect(status).toBe(0);
    expect(left).toEqual([]);
  }, 60_000);

  it("leave no private key or database behind when a test crashes half-way", () => {
    const { left, status } = leftAfter(`
      import { writeFileSync } from "node:fs";
      import path from "node:path";
      import { createFakeApplication } from "./test/vonage-fake/application-keys.ts";
      import { makeTempDirectory } from "./test/support/temp-directory.ts";
      createFakeApplication();
      writeFileSync(path.join(makeTempDirectory("caredesk_test").path, "caredesk.db"), "");
      throw new Error("a test failed before its clean-up");
    `);
    expect(status).toBe(1);
    expect(left).toEqual([]);
  }, 60_000);

  it("are left alone when the caller owns them", () => {
    const owned = mkdtempSync(path.join(tmpdir(), "temp-directory-owned-"));
    roots.push(owned);
    const run = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", `
      import { createFakeApplication } from "./test/vonage-fake/application-keys.ts";
      await createFakeApplication(${JSON.stringify(owned)}).remove();
    `], { cwd: root, encoding: "utf8" });
    expect(run.status).toBe(0);
    expect(existsSync(path.join(owned, "private.key"))).toBe(true);
  }, 60_000);
});
