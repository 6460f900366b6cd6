// Tells every instance that a person's access changed (disabled, role changed, password reset,
// sessions ended), so their open live streams re-check at once instead of at the next periodic
// check. Only the user id travels. Called after the change committed; never throws: the streams
// still notice within LIVE_ACCESS_CHECK_SECONDS.
import "server-only";
import { getDbAdapter, getDbProvider } from "../db";
import { executeSql } from "../db/sql-transaction";
import { Prisma } from "../generated/sqlite/client";
import { getLogger } from "../logger";
import { LIVE_CHANNEL, liveBus, type AccessNotice } from "./live-bus";

export async function announceAccessChange(userId: string): Promise<void> {
  try {
    if (getDbProvider() === "postgresql") {
      // Every instance LISTENs, this one included: it hears its own announcement there too.
      const notice: AccessNotice = { accessChangedFor: userId };
      await executeSql(await getDbAdapter(), Prisma.sql`SELECT pg_notify(${LIVE_CHANNEL}, ${JSON.stringify(notice)})`);
    } else {
      liveBus().emit("access", userId);
    }
  } catch (error) {
    getLogger().warn({ err: error instanceof Error ? error.message : String(error) }, "access change not announced");
  }
}
