// Announces a change: stored first (so a tab that reconnects is sent it), then announced. Called
// after the change committed; never throws (the change is made, only its live update is lost).
import "server-only";
import { getDb, getDbAdapter, getDbProvider } from "../db";
import { executeSql, querySql } from "../db/sql-transaction";
import { Prisma } from "../generated/sqlite/client";
import { getLogger } from "../logger";
import { LIVE_CHANNEL, liveBus, type LiveChange, type LiveNotice } from "./live-bus";

/** How long a tab can be away and still be sent what it missed; after that it reloads its page. */
export const LIVE_EVENT_RETENTION_MS = 24 * 60 * 60_000;
const PRUNE_EVERY_MS = 10 * 60_000;

const holder = globalThis as unknown as { careDeskLivePrunedAt?: number };

async function pruneOldEvents(): Promise<void> {
  const now = Date.now();
  if (now - (holder.careDeskLivePrunedAt ?? 0) < PRUNE_EVERY_MS) return;
  holder.careDeskLivePrunedAt = now;
  await getDb().liveEvent.deleteMany({ where: { createdAt: { lt: new Date(now - LIVE_EVENT_RETENTION_MS) } } });
}

export async function publishLiveEvent(change: LiveChange): Promise<void> {
  const userId = change.userId ?? null;
  try {
    if (getDbProvider() === "postgresql") {
      // One round trip: every stored webhook announces itself, so this is a hot path too.
      await executeSql(
        await getDbAdapter(),
        Prisma.sql`WITH stored AS (
          INSERT INTO "LiveEvent" ("kind", "conversationId", "messageId", "userId", "createdAt")
          VALUES (${change.kind}, ${change.conversationId}, ${change.messageId}, ${userId}, ${new Date()}) RETURNING "id"
        )
        SELECT pg_notify(${LIVE_CHANNEL}, json_build_object(
          'id', stored."id", 'kind', ${change.kind}::text, 'conversationId', ${change.conversationId}::text, 'messageId', ${change.messageId}::text, 'userId', ${userId}::text
        )::text) FROM stored`,
      );
    } else {
      // On the adapter, as ingest writes: Prisma's client would double this hot path's cost.
      const [stored] = await querySql<{ id: number }>(
        await getDbAdapter(),
        Prisma.sql`INSERT INTO "LiveEvent" ("kind", "conversationId", "messageId", "userId", "createdAt")
          VALUES (${change.kind}, ${change.conversationId}, ${change.messageId}, ${userId}, ${new Date()}) RETURNING "id"`,
      );
      liveBus().emit("notice", { ...change, userId, id: Number(stored!.id) } satisfies LiveNotice);
    }
    await pruneOldEvents();
  } catch (error) {
    getLogger().warn({ err: error instanceof Error ? error.message : String(error) }, "live event not published");
  }
}
