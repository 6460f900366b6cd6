import "server-only";
import { getDbAdapter, getDbProvider } from "../db";
import { executeSql } from "../db/sql-transaction";
import { Prisma } from "../generated/sqlite/client";
import { getLogger } from "../logger";
import { LIVE_CHANNEL, liveBus, type LiveEvent } from "./live-bus";

/** Announces a change; never throws (a missed live update is healed by the next refresh). */
export async function publishLiveEvent(event: LiveEvent): Promise<void> {
  try {
    if (getDbProvider() === "postgresql") {
      // Straight on the adapter: every stored webhook announces itself, so this is a hot path too.
      await executeSql(await getDbAdapter(), Prisma.sql`SELECT pg_notify(${LIVE_CHANNEL}, ${JSON.stringify(event)})`);
    } else {
      liveBus().emit("event", event);
    }
  } catch (error) {
    getLogger().warn({ err: error instanceof Error ? error.message : String(error) }, "live event not published");
  }
}
