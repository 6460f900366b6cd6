// scripts/side-by-side.sh, as npm test runs it: every command's output, each line marked with the
// command's last word as it is (slashes and ampersands too), and a failure of any one is the run's.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

const sideBySide = (...commands: string[]) => spawnSync("bash", ["scripts/side-by-side.sh", ...commands], { encoding: "utf8", timeout: 10_000 });

describe("side-by-side.sh", () => {
  it("marks each command's lines with its last word, and succeeds when every command does", () => {
    const run = sideBySide("printf 'one\\ntwo\\n' # first", "echo three # e2e/a&b");
    expect(run.status).toBe(0);
    expect(run.stdout.split("\n").filter(Boolean).sort()).toEqual(["[e2e/a&b] three", "[first] one", "[first] two"]);
  });

  it("fails when any command fails, after every command has finished", () => {
    const run = sideBySide("exit 3 # failing", "sleep 0.3; echo done # slow");
    expect(run.status).toBe(1);
    expect(run.stdout).toContain("[slow] done");
  });
});
