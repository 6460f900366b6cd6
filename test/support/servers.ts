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
