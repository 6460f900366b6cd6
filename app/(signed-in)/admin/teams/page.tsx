import type { Metadata } from "next";
import { DeleteForm } from "@/components/admin/delete-form";
import { TeamForm } from "@/components/admin/team-form";
import { DataTable } from "@/components/ui/data-table";
import { requireAdmin } from "@/lib/auth/current-user";
import { listInboxes } from "@/lib/inboxes/list-inboxes";
import { listTeams } from "@/lib/teams/list-teams";
import { listAssignableUsers } from "@/lib/users/list-assignable-users";
import { deleteTeamAction } from "./actions";

export const metadata: Metadata = { title: "Teams" };

export default async function TeamsPage() {
  const admin = await requireAdmin();
  const [teams, inboxes, people] = await Promise.all([listTeams(admin), listInboxes(admin), listAssignableUsers()]);
  const personOptions = people.map((person) => ({ id: person.id, label: person.name ? `${person.name} (${person.email})` : person.email }));
  const inboxOptions = inboxes.map((inbox) => ({ id: inbox.id, label: inbox.name }));
  return (
    <main className="mx-auto flex max-w-7xl flex-col gap-6 px-4 py-8">
      <div>
        <h1 className="text-2xl font-semibold">Teams</h1>
        <p className="text-slate-600">
          An agent sees the conversations of the inboxes their teams handle, of inboxes no team handles yet (but Unrouted), and any assigned to them. Admins see
          everything.
        </p>
      </div>
      <TeamForm people={personOptions} inboxes={inboxOptions} />
      <DataTable columns={["Team", "People", "Inboxes", "Actions"]} isEmpty={teams.length === 0} emptyText="No teams yet: every agent sees every inbox but Unrouted.">
        {teams.map((team) => (
          <tr key={team.id} className="align-top" data-testid={`team-${team.name}`}>
            <td data-label="Team" className="px-4 py-3 font-medium">{team.name}</td>
            <td data-label="People" className="px-4 py-3 text-sm">{team.members.map((member) => member.name ?? member.email).join(", ") || <span className="text-slate-500">nobody</span>}</td>
            <td data-label="Inboxes" className="px-4 py-3 text-sm">{team.inboxes.map((inbox) => inbox.name).join(", ") || <span className="text-slate-500">none</span>}</td>
            <td data-label="Actions" className="px-4 py-3">
              <div className="flex flex-col items-start gap-2">
                <details>
                  <summary className="cursor-pointer text-sm font-medium text-indigo-700">Edit</summary>
                  <TeamForm
                    team={{ id: team.id, name: team.name, memberIds: team.members.map((member) => member.id), inboxIds: team.inboxes.map((inbox) => inbox.id) }}
                    people={personOptions}
                    inboxes={inboxOptions}
                  />
                </details>
                <DeleteForm action={deleteTeamAction} fields={{ teamId: team.id }} label={team.name} confirmation={`Delete the team “${team.name}”? Its people stop seeing its inboxes.`} />
              </div>
            </td>
          </tr>
        ))}
      </DataTable>
    </main>
  );
}
