// Access, from a test file, to the CareDesk servers the global setup started.
import { readFile } from "node:fs/promises";
import { inject } from "vitest";

export function careDeskServers() {
  return inject("careDeskServers");
}

/** The JSON lines a server has logged so far. */
export async function serverLogLines(logFile: string): Promise<Record<string, unknown>[]> {
  const text = await readFile(logFile, "utf8");
  return text
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/**
 * The server's log lines that match, once at least `count` of them are there: a line is written
 * just after its response is sent, so a test that reads at once can be early.
 */
export async function waitForLogLines(
  logFile: string,
  matches: (line: Record<string, unknown>) => boolean,
  options: { count?: number; timeoutMs?: number } = {},
): Promise<Record<string, unknown>[]> {
  const deadline = Date.now() + (options.timeoutMs ?? 5_000);
  for (;;) {
    const lines = (await serverLogLines(logFile)).filter(matches);
    if (lines.length >= (options.count ?? 1) || Date.now() > deadline) return lines;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
