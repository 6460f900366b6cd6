// The check behind the one gate (current-user.ts) and the live stream's re-check: the cookie's
// claims against the database, every time. The session must exist, belong to the cookie's person,
// not be signed out, idle or past its absolute limit; the person must exist, be enabled and not
// have had every session ended since (sessionVersion: disable, password reset).
import "server-only";
import { getDb } from "../db";
import type { CurrentUser } from "./current-user";
import { isTimeToMarkSeen, sessionEndsAt } from "./session-ends-at";
import { sessionLimits } from "./session-limits";
import type { SessionClaims } from "./session-cookie";

/**
 * The person the claims name, or null. `isActivity` (a person's request, not a background
 * re-check) moves the idle clock forward.
 */
export async function resolveSession(claims: SessionClaims, options: { isActivity: boolean }): Promise<CurrentUser | null> {
  const db = getDb();
  // Two primary-key reads, side by side: as fast as one.
  const [session, user] = await Promise.all([
    db.session.findUnique({ where: { id: claims.sessionId } }),
    db.user.findUnique({ where: { id: claims.userId } }),
  ]);
  if (!session || session.userId !== claims.userId || session.revokedAt) return null;
  if (!user || user.isDisabled || user.sessionVersion !== claims.sessionVersion) return null;
  const now = new Date();
  const limits = sessionLimits();
  if (sessionEndsAt(session, limits) <= now) return null;
  let lastSeenAt = session.lastSeenAt;
  if (options.isActivity && isTimeToMarkSeen(lastSeenAt, now, limits)) {
    await db.session.update({ where: { id: session.id }, data: { lastSeenAt: now } });
    lastSeenAt = now;
  }
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role === "admin" ? "admin" : "agent",
    mustChangePassword: user.mustChangePassword,
    session: { id: session.id, version: user.sessionVersion, endsAt: sessionEndsAt({ createdAt: session.createdAt, lastSeenAt }, limits) },
  };
}
