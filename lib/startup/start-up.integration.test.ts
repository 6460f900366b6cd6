// A bad setting stops `next start` with a message naming the variable, as the README says, rather
// than leaving a server up that answers 500 to everything (the logger reads the same settings).
import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createScratchDatabase, type ScratchDatabase } from "@/test/support/scratch-database";
import { startCareDeskServer } from "@/test/support/start-server";

describe("starting with an invalid setting", () => {
  let database: ScratchDatabase;
  beforeAll(async () => {
    database = await createScratchDatabase("sqlite");
  });
  afterAll(async () => {
    await database?.drop();
  });

  it.each([
    ["LOG_LEVEL", { LOG_LEVEL: "verbose" }],
    ["DATABASE_URL", { DATABASE_URL: "mysql://localhost/caredesk" }],
    ["MEDIA_ENCRYPTION_KEY", { MEDIA_ENCRYPTION_KEY: "notakey" }],
  ])("stops, naming %s", async (variable, env) => {
    const failure = await startCareDeskServer({ env: { DATABASE_URL: database.url, ...env } }).then(
      (server) => server.stop().then(() => null),
      (error: Error) => error,
    );
    expect(failure?.message).toMatch(/exited with code 1/);
    const log = await readFile(/see (.*)$/.exec(failure!.message)![1]!, "utf8");
    expect(log).toContain("CareDesk cannot start.");
    expect(log).toContain(`- ${variable}:`);
  });
});
