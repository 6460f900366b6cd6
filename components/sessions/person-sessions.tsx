import Link from "next/link";
import { endUserSessionsAction } from "@/app/(signed-in)/admin/users/actions";
import { RelativeTime } from "@/components/ui/local-time";
import type { ActiveSession } from "@/lib/auth/list-active-sessions";
import { EndSessionsForm } from "./end-sessions-form";

type Props = { userId: string; email: string; sessions: ActiveSession[]; isSelf: boolean };

/** An admin's view of one person's open sessions, with the action that ends them all. */
export function PersonSessions({ userId, email, sessions, isSelf }: Props) {
  if (sessions.length === 0) return <span className="text-slate-500">none open</span>;
  return (
    <div className="flex flex-col items-start gap-2">
      <details>
        <summary className="cursor-pointer text-slate-700">{`${sessions.length} open`}</summary>
        <ul className="mt-2 flex flex-col gap-1 text-xs text-slate-600" aria-label={`Open sessions of ${email}`}>
          {sessions.map((session) => (
            <li key={session.id}>
              <span className="font-medium text-slate-800">{session.device}</span> · <span className="font-mono">{session.clientAddress}</span> · last seen{" "}
              <RelativeTime date={session.lastSeenAt} />
            </li>
          ))}
        </ul>
      </details>
      {/* Ending their own from here would sign the admin out mid-page: their account page does it. */}
      {isSelf ? (
        <Link href="/account/sessions" className="text-xs text-indigo-700 hover:underline">
          Yours: manage them
        </Link>
      ) : (
        <EndSessionsForm
          action={endUserSessionsAction}
          fields={{ userId }}
          label={`End all sessions of ${email}`}
          confirmation={`Sign ${email} out everywhere? They can sign in again; disable them to keep them out.`}
        >
          End all sessions
        </EndSessionsForm>
      )}
    </div>
  );
}
