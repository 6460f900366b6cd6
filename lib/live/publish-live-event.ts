import "server-only";
import { getDb, getDbProvider } from "../db";
import { getLogger } from "../logger";
import { LIVE_CHANNEL, liveBus, type LiveEvent } from "./live-bus";

/** Announces a change; never throws (a missed live update is healed by the next refresh). */
export async function publishLiveEvent(event: LiveEvent): Promise<void> {
  try {
    if (getDbProvider() === "postgresql") {
      await getDb().$queryRaw`SELECT pg_notify(${LIVE_CHANNEL}, ${JSON.stringify(event)})`;
    } else {
      liveBus().emit("event", event);
    }
  } catch (error) {
    getLogger().warn({ err: error instanceof Error ? error.message : String(error) }, "live event not published");
  }
}
