// Sign-out ends the session on the server, so a copy of the cookie taken earlier is refused too,
// and the live streams that session holds open close at once.
import "server-only";
import { getDb } from "../db";
import { announceAccessChange } from "../live/announce-access-change";

export async function endSession(sessionId: string): Promise<void> {
  const db = getDb();
  const session = await db.session.findUnique({ where: { id: sessionId }, select: { userId: true } });
  if (!session) return;
  const { count } = await db.session.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: new Date() } });
  if (count > 0) await announceAccessChange(session.userId);
}
