import "server-only";
import { assertAdmin } from "../auth/assert-admin";
import type { CurrentUser } from "../auth/current-user";
import { getDb } from "../db";

/** Every team with its people and inboxes, for the admin page. */
export async function listTeams(actor: CurrentUser) {
  assertAdmin(actor);
  const teams = await getDb().team.findMany({
    orderBy: { name: "asc" },
    select: {
      id: true,
      name: true,
      members: { select: { user: { select: { id: true, name: true, email: true } } } },
      inboxes: { select: { inbox: { select: { id: true, name: true } } } },
    },
  });
  return teams.map((team) => ({ id: team.id, name: team.name, members: team.members.map((row) => row.user), inboxes: team.inboxes.map((row) => row.inbox) }));
}

export type TeamRow = Awaited<ReturnType<typeof listTeams>>[number];
