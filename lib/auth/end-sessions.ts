// Ending sessions from the sessions lists: a person ends their own (one, every other, or all,
// this one included); an admin ends anyone's. Checked here, whoever calls. Each end is one
// transaction with one audit row, takes effect on the session's very next request (the gate reads
// revokedAt), and closes that person's open live streams at once.
import "server-only";
import { recordAuditEvent } from "../audit/record-audit-event";
import { getDb } from "../db";
import { AppError } from "../errors";
import { announceAccessChange } from "../live/announce-access-change";
import { assertAdmin } from "./assert-admin";
import type { CurrentUser } from "./current-user";
import { revokeUserSessions } from "./revoke-user-sessions";

export type SessionsToEnd =
  /** One session: the actor's own, or anyone's for an admin. */
  | { kind: "one"; sessionId: string }
  /** Every session of the actor but the one they act from ("everywhere else"). */
  | { kind: "others" }
  /** Every session of a person: the actor's own ("everywhere"), or anyone's for an admin. */
  | { kind: "all"; userId: string };

/** Ends the sessions; answers how many were still open. */
export async function endSessions(actor: CurrentUser, target: SessionsToEnd, clientAddress: string): Promise<number> {
  const auditActor = { id: actor.id, email: actor.email };
  const isAdmin = actor.role === "admin";
  if (target.kind === "all" && target.userId !== actor.id) assertAdmin(actor);

  const ended = await getDb().$transaction(async (tx) => {
    const now = new Date();
    if (target.kind === "one") {
      // Looked up with its owner unless an admin asks: someone else's session is as unknown as a
      // made-up id, and says nothing about whether it exists.
      const session = await tx.session.findFirst({
        where: { id: target.sessionId, revokedAt: null, ...(isAdmin ? {} : { userId: actor.id }) },
        select: { id: true, userId: true, device: true, user: { select: { email: true } } },
      });
      if (!session) throw new AppError("not_found", "That session has ended already.");
      await tx.session.updateMany({ where: { id: session.id, revokedAt: null }, data: { revokedAt: now } });
      await recordAuditEvent(
        { actor: auditActor, action: "session.ended", targetType: "session", targetId: session.id, detail: { email: session.user.email, device: session.device }, ipAddress: clientAddress },
        tx,
      );
      return { userId: session.userId, count: 1 };
    }

    const userId = target.kind === "others" ? actor.id : target.userId;
    const user = await tx.user.findUnique({ where: { id: userId }, select: { email: true } });
    if (!user) throw new AppError("not_found", "That person no longer has a CareDesk account.");
    const count = await revokeUserSessions(tx, userId, { now, exceptSessionId: target.kind === "others" ? actor.session.id : undefined });
    // Nothing was open: nothing happened worth a line in the trail.
    if (count > 0) {
      await recordAuditEvent(
        {
          actor: auditActor,
          action: target.kind === "others" ? "session.ended_others" : "session.ended_all",
          targetType: "user",
          targetId: userId,
          detail: { email: user.email, count },
          ipAddress: clientAddress,
        },
        tx,
      );
    }
    return { userId, count };
  });

  if (ended.count > 0) await announceAccessChange(ended.userId);
  return ended.count;
}
