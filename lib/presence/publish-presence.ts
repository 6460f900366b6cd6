// Tells every instance what a tab reported: applied here at once (so the report's answer and this
// instance's streams have it), and on PostgreSQL announced with NOTIFY on presence's own channel
// for the other instances. Nothing is stored.
import "server-only";
import { getDbAdapter, getDbProvider } from "../db";
import { executeSql } from "../db/sql-transaction";
import { Prisma } from "../generated/sqlite/client";
import { presenceHub } from "./presence-hub";
import { PRESENCE_CHANNEL, type PresenceNotice } from "./presence-notice";

export async function publishPresence(report: Omit<PresenceNotice, "origin">): Promise<void> {
  const hub = await presenceHub();
  const notice: PresenceNotice = { ...report, origin: hub.origin };
  hub.apply(notice);
  if (getDbProvider() === "postgresql") {
    await executeSql(await getDbAdapter(), Prisma.sql`SELECT pg_notify(${PRESENCE_CHANNEL}, ${JSON.stringify(notice)})`);
  }
}
