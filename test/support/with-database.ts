// Runs lib code in the test process against a test server's database, as the server runs it:
// DATABASE_URL points there for the call, and is put back afterwards.
import { reloadEnv } from "@/lib/env";

/** Runs `work` in this process against `databaseUrl`, as the server runs lib code against it. */
export async function withDatabase<T>(databaseUrl: string, work: () => Promise<T>): Promise<T> {
  const previous = process.env.DATABASE_URL;
  process.env.DATABASE_URL = databaseUrl;
  reloadEnv();
  try {
    return await work();
  } finally {
    if (previous === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = previous;
    reloadEnv();
  }
}
