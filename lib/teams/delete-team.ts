import "server-only";
import { recordAuditEvent } from "../audit/record-audit-event";
import { assertAdmin } from "../auth/assert-admin";
import type { CurrentUser } from "../auth/current-user";
import { getDb } from "../db";
import { AppError } from "../errors";

/** Deletes a team: its people no longer see its inboxes' conversations (unless assigned to them). */
export async function deleteTeam(actor: CurrentUser, teamId: string): Promise<{ name: string }> {
  assertAdmin(actor);
  return getDb().$transaction(async (tx) => {
    const team = await tx.team.findUnique({ where: { id: teamId }, select: { name: true } });
    const { count } = await tx.team.deleteMany({ where: { id: teamId } });
    if (!team || count === 0) throw new AppError("not_found", "That team was deleted already.");
    await recordAuditEvent({ actor: { id: actor.id, email: actor.email }, action: "team.deleted", targetType: "team", targetId: teamId, detail: { name: team.name } }, tx);
    return team;
  });
}
