// A successful sign-in becomes a Session row; its id goes into the cookie (lib/auth/auth.ts).
import "server-only";
import { getDb } from "../db";
import { sessionLimits } from "./session-limits";

export async function startSession(userId: string, now = new Date()): Promise<string> {
  const db = getDb();
  // Housekeeping where it is cheap: this person's sessions past the absolute limit can never be used again.
  await db.session.deleteMany({ where: { userId, createdAt: { lt: new Date(now.getTime() - sessionLimits().maxMs) } } });
  const session = await db.session.create({ data: { userId, createdAt: now, lastSeenAt: now } });
  return session.id;
}
