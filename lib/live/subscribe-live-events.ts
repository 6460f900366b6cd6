import "server-only";
import pg from "pg";
import { getDbProvider } from "../db";
import { parseDatabaseUrl } from "../db/database-url";
import { getEnv } from "../env";
import { getLogger } from "../logger";
import { isPresenceNotice, PRESENCE_CHANNEL, type PresenceNotice } from "../presence/presence-notice";
import { isAccessNotice, isLiveNotice, LIVE_CHANNEL, liveBus, type LiveNotice } from "./live-bus";

const holder = globalThis as unknown as { careDeskListener?: Promise<void> };

/**
 * One LISTEN connection per process, re-opened after a failure; notifications go to the local bus.
 * It listens to presence's channel too (lib/presence), which keeps its reports apart from updates.
 */
function listenToPostgres(): Promise<void> {
  holder.careDeskListener ??= (async () => {
    const url = parseDatabaseUrl(getEnv().DATABASE_URL).url;
    const connect = async (attempt: number): Promise<void> => {
      const client = new pg.Client({ connectionString: url });
      const retry = () => {
        client.removeAllListeners();
        client.end().catch(() => {});
        setTimeout(() => void connect(attempt + 1), Math.min(30_000, 500 * 2 ** attempt)).unref();
      };
      client.on("error", (error) => {
        getLogger().warn({ err: error.message }, "live updates: LISTEN connection lost, reconnecting");
        retry();
      });
      client.on("notification", (message) => {
        try {
          const notice: unknown = JSON.parse(message.payload ?? "");
          if (message.channel === PRESENCE_CHANNEL) {
            if (isPresenceNotice(notice)) liveBus().emit("presence", notice);
          } else if (isLiveNotice(notice)) {
            liveBus().emit("notice", notice);
          } else if (isAccessNotice(notice)) {
            liveBus().emit("access", notice.accessChangedFor);
          }
        } catch {
          // Not one of ours.
        }
      });
      try {
        await client.connect();
        await client.query(`LISTEN ${LIVE_CHANNEL}`);
        await client.query(`LISTEN ${PRESENCE_CHANNEL}`);
      } catch (error) {
        getLogger().warn({ err: error instanceof Error ? error.message : String(error) }, "live updates: cannot LISTEN yet, retrying");
        retry();
      }
    };
    await connect(0);
  })();
  return holder.careDeskListener;
}

/** Every change announced from now on, by any instance, in the order this process heard of it. */
export async function subscribeLiveNotices(listener: (notice: LiveNotice) => void): Promise<() => void> {
  if (getDbProvider() === "postgresql") await listenToPostgres();
  liveBus().on("notice", listener);
  return () => liveBus().off("notice", listener);
}

/** Calls `listener` whenever any instance announces that `userId`'s access changed (announce-access-change.ts). */
export async function subscribeAccessChanges(userId: string, listener: () => void): Promise<() => void> {
  if (getDbProvider() === "postgresql") await listenToPostgres();
  const forThisPerson = (changedFor: string) => changedFor === userId && listener();
  liveBus().on("access", forThisPerson);
  return () => liveBus().off("access", forThisPerson);
}

/** Every presence report other instances announce from now on (PostgreSQL; on SQLite there are none). */
export async function subscribePresenceNotices(listener: (notice: PresenceNotice) => void): Promise<() => void> {
  if (getDbProvider() === "postgresql") await listenToPostgres();
  liveBus().on("presence", listener);
  return () => liveBus().off("presence", listener);
}
