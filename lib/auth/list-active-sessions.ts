// The sessions still open (not ended, not idle, not past the absolute limit) of some people: a
// person may list only their own, an admin anyone's. Newest activity first.
import "server-only";
import { getDb } from "../db";
import { assertAdmin } from "./assert-admin";
import type { CurrentUser } from "./current-user";
import { UNKNOWN_CLIENT_ADDRESS } from "./client-address";
import { UNKNOWN_DEVICE } from "./describe-device";
import { sessionLimits } from "./session-limits";

export type ActiveSession = {
  id: string;
  userId: string;
  device: string;
  clientAddress: string;
  createdAt: Date;
  lastSeenAt: Date;
  /** The session the actor is using to look. */
  isCurrent: boolean;
};

/** Far more than a desk's people hold open; past it (a script signing in in a loop), the least recently used are left out. */
const MAX_SESSIONS = 2_000;

export async function listActiveSessions(actor: CurrentUser, userIds: string[]): Promise<ActiveSession[]> {
  if (userIds.some((userId) => userId !== actor.id)) assertAdmin(actor);
  const now = Date.now();
  const limits = sessionLimits();
  const sessions = await getDb().session.findMany({
    where: {
      userId: { in: [...new Set(userIds)] },
      revokedAt: null,
      createdAt: { gt: new Date(now - limits.maxMs) },
      lastSeenAt: { gt: new Date(now - limits.idleMs) },
      // A disabled person's sessions are refused whatever their rows say.
      user: { isDisabled: false },
    },
    orderBy: [{ lastSeenAt: "desc" }, { id: "asc" }],
    take: MAX_SESSIONS,
    select: { id: true, userId: true, device: true, clientAddress: true, createdAt: true, lastSeenAt: true },
  });
  return sessions.map((session) => ({
    ...session,
    // Sessions from before CareDesk kept these.
    device: session.device ?? UNKNOWN_DEVICE,
    clientAddress: session.clientAddress ?? UNKNOWN_CLIENT_ADDRESS,
    isCurrent: session.id === actor.session.id,
  }));
}
