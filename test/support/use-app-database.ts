// For tests that call lib/ services in-process: points CareDesk's own client (getDb, getEnv) at a
// scratch database for one describe block, with any extra variables, and puts back what it changed.
import { afterAll, beforeAll } from "vitest";
import { getDb } from "@/lib/db";
import type { DatabaseProvider } from "@/lib/db/database-url";
import { reloadEnv } from "@/lib/env";
import { postgresServerUrl } from "./providers";
import { createScratchDatabase, type ScratchDatabase } from "./scratch-database";

/** Registers the block's set-up and tear-down; returns the database (once the block has started). */
export function useAppDatabase(provider: DatabaseProvider, options: { prefix: string; env?: Record<string, string> }): () => ScratchDatabase {
  let scratch: ScratchDatabase | undefined;
  const previous = new Map<string, string | undefined>();
  beforeAll(async () => {
    scratch = await createScratchDatabase(provider, { postgresServerUrl, prefix: options.prefix });
    for (const [name, value] of Object.entries({ DATABASE_URL: scratch.url, ...options.env })) {
      previous.set(name, process.env[name]);
      process.env[name] = value;
    }
    reloadEnv();
  });
  afterAll(async () => {
    await getDb().$disconnect();
    await scratch?.drop();
    for (const [name, value] of previous) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    reloadEnv();
  });
  return () => {
    if (!scratch) throw new Error("useAppDatabase: the database exists once the block's beforeAll has run");
    return scratch;
  };
}
