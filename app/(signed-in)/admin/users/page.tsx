import type { Metadata } from "next";
import { DataTable } from "@/components/ui/data-table";
import { AddUserForm } from "@/components/admin/add-user-form";
import { UserActions } from "@/components/admin/user-actions";
import { PersonSessions } from "@/components/sessions/person-sessions";
import { Badge } from "@/components/ui/badge";
import { LocalTime } from "@/components/ui/local-time";
import { requireAdmin } from "@/lib/auth/current-user";
import { listActiveSessions, type ActiveSession } from "@/lib/auth/list-active-sessions";
import { canUsePassword, signInMethods } from "@/lib/auth/sign-in-methods";
import { listUsers } from "@/lib/users/list-users";

export const metadata: Metadata = { title: "People" };

export default async function UsersPage() {
  const admin = await requireAdmin();
  const users = await listUsers(admin);
  // Node 20 has no Map.groupBy.
  const sessionsByUser = new Map<string, ActiveSession[]>();
  for (const session of await listActiveSessions(admin, users.map((user) => user.id))) {
    sessionsByUser.set(session.userId, [...(sessionsByUser.get(session.userId) ?? []), session]);
  }
  const methods = signInMethods();
  return (
    <main className="mx-auto flex max-w-7xl flex-col gap-6 px-4 py-8">
      <div>
        <h1 className="text-2xl font-semibold">People</h1>
        <p className="text-slate-600">Who may sign in and see customer data. Changes take effect on the person&apos;s next click.</p>
      </div>
      <AddUserForm ssoName={methods.oidc?.name ?? null} isSsoRequired={methods.isSsoRequired} />
      <DataTable columns={["Person", "Role", "Status", "Last sign-in", "Sessions", "Actions"]} isEmpty={users.length === 0} emptyText="Nobody yet.">
        {users.map((user) => (
          <tr key={user.id} data-testid={`user-${user.email}`}>
            <td data-label="Person" className="px-4 py-3">
              <div className="font-medium">{user.name ?? user.email}</div>
              {user.name ? <div className="text-slate-500">{user.email}</div> : null}
            </td>
            <td data-label="Role" className="px-4 py-3">
              <Badge tone={user.role === "admin" ? "indigo" : "neutral"}>{user.role}</Badge>
            </td>
            <td data-label="Status" className="px-4 py-3">
              {user.isDisabled ? <Badge tone="red">disabled</Badge> : <Badge tone="green">active</Badge>}
              {user.mustChangePassword ? <span className="ml-2 text-xs text-slate-500">one-time password set</span> : null}
              {user.hasSsoIdentity ? <span className="ml-2 text-xs text-slate-500">single sign-on</span> : null}
              {!user.hasPassword ? <span className="ml-2 text-xs text-slate-500">no password</span> : null}
            </td>
            <td data-label="Last sign-in" className="px-4 py-3 text-slate-600">{user.lastSignInAt ? <LocalTime date={user.lastSignInAt} /> : "never"}</td>
            <td data-label="Sessions" className="px-4 py-3">
              <PersonSessions userId={user.id} email={user.email} sessions={sessionsByUser.get(user.id) ?? []} isSelf={user.id === admin.id} />
            </td>
            <td data-label="Actions" className="px-4 py-3">
              <UserActions userId={user.id} email={user.email} role={user.role} isDisabled={user.isDisabled} isSelf={user.id === admin.id} canResetPassword={canUsePassword(user.email, methods)} />
            </td>
          </tr>
        ))}
      </DataTable>
    </main>
  );
}
