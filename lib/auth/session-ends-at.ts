// When a session stops being valid: after an idle spell, and at the latest a fixed time after
// sign-in whatever the activity. Pure, so the limits are unit-tested without a clock.

export type SessionLimits = { idleMs: number; maxMs: number };

export type SessionTimes = { createdAt: Date; lastSeenAt: Date };

export function sessionEndsAt(session: SessionTimes, limits: SessionLimits): Date {
  return new Date(Math.min(session.createdAt.getTime() + limits.maxMs, session.lastSeenAt.getTime() + limits.idleMs));
}

/**
 * Whether a request should move `lastSeenAt` forward: at most once a minute keeps the gate a read
 * on most requests; a tenth of the idle limit when that is shorter, so a short limit still works.
 */
export function isTimeToMarkSeen(lastSeenAt: Date, now: Date, limits: SessionLimits): boolean {
  return now.getTime() - lastSeenAt.getTime() >= Math.min(60_000, limits.idleMs / 10);
}
