// For long-lived responses (the live stream): whether the person the gate let in at the start may
// still act as then. Not activity: an open tab alone does not keep a session from going idle.
import "server-only";
import type { CurrentUser } from "./current-user";
import { resolveSession } from "./resolve-session";

export async function hasSameAccess(user: CurrentUser): Promise<boolean> {
  const now = await resolveSession({ userId: user.id, sessionId: user.session.id, sessionVersion: user.session.version }, { isActivity: false });
  return now !== null && now.role === user.role && now.mustChangePassword === user.mustChangePassword;
}
