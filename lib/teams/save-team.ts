// Adding a team, or changing its name, its people and its inboxes: its agents see the
// conversations of those inboxes (lib/conversations/conversation-access.ts). One transaction with
// one audit row. Open live streams of its people pick the change up at their next access check.
import "server-only";
import { z } from "zod";
import { recordAuditEvent } from "../audit/record-audit-event";
import { assertAdmin } from "../auth/assert-admin";
import type { CurrentUser } from "../auth/current-user";
import { getDb } from "../db";
import { idSchema } from "../db/id-schema";
import { isUniqueViolation } from "../db/is-unique-violation";
import { AppError } from "../errors";

const teamSchema = z.object({
  name: z.string().trim().min(1, "Give the team a name.").max(80, "Keep the name under 80 characters."),
  memberIds: z.array(idSchema).max(1_000),
  inboxIds: z.array(idSchema).max(500),
});

export type TeamInput = { id?: string; name: string; memberIds: string[]; inboxIds: string[] };

export async function saveTeam(actor: CurrentUser, input: TeamInput): Promise<{ id: string; name: string }> {
  assertAdmin(actor);
  const data = teamSchema.parse(input);
  const memberIds = [...new Set(data.memberIds)];
  const inboxIds = [...new Set(data.inboxIds)];
  try {
    return await getDb().$transaction(async (tx) => {
      if ((await tx.user.count({ where: { id: { in: memberIds } } })) !== memberIds.length) throw new AppError("unprocessable", "One of the people chosen no longer exists: reload the page.");
      if ((await tx.inbox.count({ where: { id: { in: inboxIds } } })) !== inboxIds.length) throw new AppError("unprocessable", "One of the inboxes chosen no longer exists: reload the page.");
      let id: string;
      if (input.id) {
        const { count } = await tx.team.updateMany({ where: { id: input.id }, data: { name: data.name } });
        if (count === 0) throw new AppError("not_found", "That team no longer exists.");
        id = input.id;
        await tx.teamMember.deleteMany({ where: { teamId: id } });
        await tx.teamInbox.deleteMany({ where: { teamId: id } });
      } else {
        ({ id } = await tx.team.create({ data: { name: data.name }, select: { id: true } }));
      }
      if (memberIds.length > 0) await tx.teamMember.createMany({ data: memberIds.map((userId) => ({ teamId: id, userId })) });
      if (inboxIds.length > 0) await tx.teamInbox.createMany({ data: inboxIds.map((inboxId) => ({ teamId: id, inboxId })) });
      await recordAuditEvent(
        { actor: { id: actor.id, email: actor.email }, action: "team.saved", targetType: "team", targetId: id, detail: { name: data.name, members: memberIds.length, inboxes: inboxIds.length, isNew: !input.id } },
        tx,
      );
      return { id, name: data.name };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("conflict", `A team named “${data.name}” exists already.`, { details: { field: "name" } });
    throw error;
  }
}
