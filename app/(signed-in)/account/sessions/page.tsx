import type { Metadata } from "next";
import { AccountNav } from "@/components/account/account-nav";
import { EndSessionsForm } from "@/components/sessions/end-sessions-form";
import { Badge } from "@/components/ui/badge";
import { DataTable } from "@/components/ui/data-table";
import { LocalTime, RelativeTime } from "@/components/ui/local-time";
import { requireUser } from "@/lib/auth/current-user";
import { listActiveSessions } from "@/lib/auth/list-active-sessions";
import { endAllSessionsAction, endOtherSessionsAction, endSessionAction } from "./actions";

export const metadata: Metadata = { title: "Where you are signed in" };

export default async function SessionsPage() {
  const user = await requireUser();
  const sessions = await listActiveSessions(user, [user.id]);
  return (
    <main className="mx-auto max-w-5xl px-4 py-10">
      <AccountNav current="/account/sessions" />
      <h1 className="mb-2 text-2xl font-semibold">Where you are signed in</h1>
      <p className="mb-6 text-sm text-slate-600">
        Each sign-in is listed until it is signed out, unused for a while, or too old. Sign out one you do not recognise, then change your password.
      </p>
      <DataTable columns={["Device", "Address", "Signed in", "Last seen", "Actions"]} isEmpty={sessions.length === 0} emptyText="No open sessions.">
        {sessions.map((session) => (
          <tr key={session.id} data-testid="session">
            <td data-label="Device" className="px-4 py-3">
              <span className="font-medium">{session.device}</span>
              {session.isCurrent ? (
                <span className="ml-2">
                  <Badge tone="green">this device</Badge>
                </span>
              ) : null}
            </td>
            <td data-label="Address" className="px-4 py-3 font-mono text-xs text-slate-600">{session.clientAddress}</td>
            <td data-label="Signed in" className="px-4 py-3 text-slate-600">
              <LocalTime date={session.createdAt} />
            </td>
            <td data-label="Last seen" className="px-4 py-3 text-slate-600">
              <RelativeTime date={session.lastSeenAt} />
            </td>
            <td className="px-4 py-3">
              {session.isCurrent ? null : (
                <EndSessionsForm action={endSessionAction} fields={{ sessionId: session.id }} label={`Sign out ${session.device} (${session.clientAddress})`}>
                  Sign out
                </EndSessionsForm>
              )}
            </td>
          </tr>
        ))}
      </DataTable>
      <div className="mt-6 flex flex-wrap items-start gap-3">
        {/* Always there, so its answer stays on screen once the other sessions are gone. */}
        <EndSessionsForm action={endOtherSessionsAction} label="Sign out everywhere else">
          Sign out everywhere else
        </EndSessionsForm>
        <EndSessionsForm action={endAllSessionsAction} label="Sign out everywhere" confirmation="Sign out everywhere, this browser included?">
          Sign out everywhere
        </EndSessionsForm>
      </div>
    </main>
  );
}
