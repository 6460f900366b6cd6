// How many media answers may hold a connection to Vonage's media server at once. A browser that
// reads slowly, or not at all until the stall timeout, keeps its connection all that time, so
// without a cap one person could take the whole pool and everyone else would wait into a 504.
// Instead, a person gets at most MEDIA_STREAMS_PER_PERSON (429 past it), the last quarter of the
// pool goes only to people with nothing loading yet, and a full pool answers 503 at once: both
// with Retry-After and words saying what to do.
//
// Counted per process: each CareDesk instance has its own pool of connections and its own limits,
// so a person may hold MEDIA_STREAMS_PER_PERSON streams on each instance.
import "server-only";
import { getEnv } from "../env";
import { AppError } from "../errors";

/** Long enough for a typical image or voice note ahead of it to have loaded. */
const RETRY_AFTER_SECONDS = 5;

export type MediaStreamLimits = {
  /** Streams one person may have open at once. */
  perPerson: number;
  /** Connections to Vonage's media server: never more streams than this. */
  connections: number;
};

/** One admitted stream; `release` may be called any number of times, it frees the slot once. */
export type MediaStreamSlot = { release: () => void };

export type MediaStreamLimiter = {
  /** Admits one more stream for the person, or throws AppError rate_limited (429) or unavailable (503). */
  take: (personId: string) => MediaStreamSlot;
  /** Streams open now, in all or for one person. */
  openStreams: (personId?: string) => number;
};

/** The share of the pool kept for people with nothing loading yet: a quarter, at least one. */
export function reservedConnections(connections: number): number {
  return Math.max(1, Math.floor(connections / 4));
}

export function createMediaStreamLimiter(limits: MediaStreamLimits): MediaStreamLimiter {
  const openByPerson = new Map<string, number>();
  let openInAll = 0;
  const sharedConnections = limits.connections - reservedConnections(limits.connections);

  return {
    take(personId) {
      const open = openByPerson.get(personId) ?? 0;
      if (open >= limits.perPerson) {
        throw new AppError(
          "rate_limited",
          `You have ${open} media file${open === 1 ? "" : "s"} loading already; wait for one to finish (or close a paused video), then try again.`,
          { retryAfterSeconds: RETRY_AFTER_SECONDS },
        );
      }
      // Someone opening their first file may use the reserved share: people who already have
      // files loading cannot take the last connections from those who have none.
      const available = open === 0 ? limits.connections : sharedConnections;
      if (openInAll >= available) {
        throw new AppError("unavailable", "CareDesk is loading as many media files as it can right now; try again in a few seconds.", {
          retryAfterSeconds: RETRY_AFTER_SECONDS,
        });
      }
      openInAll += 1;
      openByPerson.set(personId, open + 1);

      let isReleased = false;
      return {
        release() {
          if (isReleased) return;
          isReleased = true;
          openInAll -= 1;
          const left = (openByPerson.get(personId) ?? 1) - 1;
          if (left === 0) openByPerson.delete(personId);
          else openByPerson.set(personId, left);
        },
      };
    },
    openStreams: (personId) => (personId === undefined ? openInAll : (openByPerson.get(personId) ?? 0)),
  };
}

let processLimiter: MediaStreamLimiter | undefined;

/** Admits a media stream for the person against this process's limits (sized once from the environment). */
export function takeMediaStreamSlot(personId: string): MediaStreamSlot {
  const env = getEnv();
  processLimiter ??= createMediaStreamLimiter({ perPerson: env.MEDIA_STREAMS_PER_PERSON, connections: env.MEDIA_UPSTREAM_CONNECTIONS });
  return processLimiter.take(personId);
}
