import "server-only";
import { getDb, getDbProvider } from "../db";

export type HealthReport = {
  status: "ok" | "unavailable";
  database: { status: "up" | "down"; provider: string; latencyMs: number; message?: string };
};

/** Asks the database for one row; a load balancer takes the instance out while this fails. */
export async function checkHealth(): Promise<HealthReport> {
  const provider = getDbProvider();
  const startedAt = performance.now();
  try {
    await getDb().$queryRawUnsafe("SELECT 1");
    return { status: "ok", database: { status: "up", provider, latencyMs: Math.round(performance.now() - startedAt) } };
  } catch {
    return {
      status: "unavailable",
      database: {
        status: "down",
        provider,
        latencyMs: Math.round(performance.now() - startedAt),
        message: "The database did not answer: check DATABASE_URL and that the database server is running.",
      },
    };
  }
}
