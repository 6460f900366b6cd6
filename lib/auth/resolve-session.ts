// The check behind the one gate (current-user.ts) and the live stream's re-check: the cookie's
// claims against the database, every time. The session must exist, belong to the cookie's person,
// not be signed out, idle or past its absolute limit; the person must exist, be enabled and not
// have had every session ended since (sessionVersion: disable, password reset).
import "server-only";
import { getDb, getDbAdapter } from "../db";
import { querySql } from "../db/sql-transaction";
import { booleanFromSql, dateFromSql, integerFromSql, optionalDateFromSql } from "../db/sql-values";
import { Prisma } from "../generated/sqlite/client";
import type { CurrentUser } from "./current-user";
import { isTimeToMarkSeen, sessionEndsAt } from "./session-ends-at";
import { sessionLimits } from "./session-limits";
import type { SessionClaims } from "./session-cookie";

type SessionRow = {
  userId: string;
  createdAt: unknown;
  lastSeenAt: unknown;
  revokedAt: unknown;
  email: string;
  name: string | null;
  role: string;
  isDisabled: unknown;
  sessionVersion: unknown;
  mustChangePassword: unknown;
};

/**
 * The session and its person in one primary-key read, sent straight to the driver adapter: every
 * request makes it, and through the Prisma client the same two reads cost about 20 times as much
 * CPU (0.76 against 0.04 ms on SQLite; docs/benchmarks.md, media archive).
 */
async function readSession(sessionId: string): Promise<SessionRow | undefined> {
  const [row] = await querySql<SessionRow>(
    await getDbAdapter(),
    Prisma.sql`SELECT s."userId", s."createdAt", s."lastSeenAt", s."revokedAt", u."email", u."name", u."role", u."isDisabled", u."sessionVersion", u."mustChangePassword"
      FROM "Session" s JOIN "User" u ON u."id" = s."userId" WHERE s."id" = ${sessionId}`,
  );
  return row;
}

/**
 * The person the claims name, or null. `isActivity` (a person's request, not a background
 * re-check) moves the idle clock forward.
 */
export async function resolveSession(claims: SessionClaims, options: { isActivity: boolean }): Promise<CurrentUser | null> {
  const row = await readSession(claims.sessionId);
  // No row: no such session, or its person was deleted (their sessions go with them).
  if (!row || row.userId !== claims.userId || optionalDateFromSql(row.revokedAt)) return null;
  if (booleanFromSql(row.isDisabled) || integerFromSql(row.sessionVersion) !== claims.sessionVersion) return null;
  const createdAt = dateFromSql(row.createdAt);
  let lastSeenAt = dateFromSql(row.lastSeenAt);
  const now = new Date();
  const limits = sessionLimits();
  if (sessionEndsAt({ createdAt, lastSeenAt }, limits) <= now) return null;
  if (options.isActivity && isTimeToMarkSeen(lastSeenAt, now, limits)) {
    await getDb().session.update({ where: { id: claims.sessionId }, data: { lastSeenAt: now } });
    lastSeenAt = now;
  }
  return {
    id: claims.userId,
    email: row.email,
    name: row.name,
    role: row.role === "admin" ? "admin" : "agent",
    mustChangePassword: booleanFromSql(row.mustChangePassword),
    session: { id: claims.sessionId, version: claims.sessionVersion, endsAt: sessionEndsAt({ createdAt, lastSeenAt }, limits) },
  };
}
