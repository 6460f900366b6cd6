// Sign-out ends the session on the server, so a copy of the cookie taken earlier is refused too.
import "server-only";
import { getDb } from "../db";

export async function endSession(sessionId: string): Promise<void> {
  await getDb().session.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: new Date() } });
}
