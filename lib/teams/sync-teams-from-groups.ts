// Team membership from the identity provider's groups (AUTH_OIDC_TEAMS_FROM_GROUPS=true): at each
// single sign-on the person belongs to exactly the teams named like their groups, in the sign-in's
// transaction, audited when it changes. Teams are created by admins in CareDesk; a group no team
// is named after changes nothing.
import "server-only";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Prisma } from "../generated/sqlite/client";

export async function syncTeamsFromGroups(tx: Prisma.TransactionClient, user: { id: string; email: string }, groups: readonly string[]): Promise<void> {
  const wanted = new Set(groups);
  const teams = await tx.team.findMany({ select: { id: true, name: true, members: { where: { userId: user.id }, select: { userId: true } } } });
  const joined = teams.filter((team) => wanted.has(team.name) && team.members.length === 0);
  const left = teams.filter((team) => !wanted.has(team.name) && team.members.length > 0);
  if (joined.length === 0 && left.length === 0) return;
  if (joined.length > 0) await tx.teamMember.createMany({ data: joined.map((team) => ({ teamId: team.id, userId: user.id })) });
  if (left.length > 0) await tx.teamMember.deleteMany({ where: { userId: user.id, teamId: { in: left.map((team) => team.id) } } });
  await recordAuditEvent(
    {
      actor: { id: user.id, email: user.email },
      action: "team.membership_synced",
      targetType: "user",
      targetId: user.id,
      detail: { joined: joined.map((team) => team.name).join(", "), left: left.map((team) => team.name).join(", "), by: "provider groups" },
    },
    tx,
  );
}
