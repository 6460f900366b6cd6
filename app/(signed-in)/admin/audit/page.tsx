import type { Metadata } from "next";
import { DataTable } from "@/components/ui/data-table";
import Link from "next/link";
import { LocalTime } from "@/components/ui/local-time";
import { listAuditEvents, auditFilterSchema } from "@/lib/audit/list-audit-events";
import { requireAdmin } from "@/lib/auth/current-user";

export const metadata: Metadata = { title: "Audit" };

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const admin = await requireAdmin();
  const filter = auditFilterSchema.parse(await searchParams);
  const { entries, nextCursor } = await listAuditEvents(admin, filter);
  const nextParams = new URLSearchParams(
    Object.entries({ ...filter, after: nextCursor ?? undefined }).filter((entry): entry is [string, string] => typeof entry[1] === "string"),
  );
  return (
    <main className="mx-auto flex max-w-7xl flex-col gap-6 px-4 py-8">
      <div>
        <h1 className="text-2xl font-semibold">Audit</h1>
        <p className="text-slate-600">Sign-ins, changes to people, and who opened which customer media.</p>
      </div>
      <form className="flex flex-wrap items-end gap-3 rounded-xl border border-slate-200 bg-white p-4 shadow-sm" aria-label="Filter the audit trail">
        <label className="flex flex-col gap-1 text-sm">
          <span className="font-medium text-slate-700">Person (email)</span>
          <input name="person" defaultValue={filter.person} className="rounded-md border border-slate-300 px-3 py-2" />
        </label>
        <label className="flex flex-col gap-1 text-sm">
          <span className="font-medium text-slate-700">Action</span>
          <select name="action" defaultValue={filter.action ?? ""} className="rounded-md border border-slate-300 bg-white px-3 py-2">
            <option value="">Any</option>
            <option value="auth.">Sign-ins</option>
            <option value="user.">Changes to people</option>
            <option value="session.">Ended sessions</option>
            <option value="media.">Media access</option>
            <option value="conversation.">Conversation changes</option>
          </select>
        </label>
        <label className="flex flex-col gap-1 text-sm">
          <span className="font-medium text-slate-700">From</span>
          <input type="date" name="from" defaultValue={filter.from} className="rounded-md border border-slate-300 px-3 py-2" />
        </label>
        <label className="flex flex-col gap-1 text-sm">
          <span className="font-medium text-slate-700">To</span>
          <input type="date" name="to" defaultValue={filter.to} className="rounded-md border border-slate-300 px-3 py-2" />
        </label>
        <button type="submit" className="rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-500">
          Filter
        </button>
        <Link href="/admin/audit" className="px-2 py-2 text-sm text-slate-600 underline">
          Clear
        </Link>
      </form>
      <DataTable columns={["When", "Who", "What", "Address"]} isEmpty={entries.length === 0} emptyText="Nothing matches these filters.">
        {entries.map((entry) => (
          <tr key={entry.id} className="align-top" data-testid="audit-entry">
            <td data-label="When" className="whitespace-nowrap px-4 py-3 text-slate-600">
              <LocalTime date={entry.createdAt} />
            </td>
            <td data-label="Who" className="px-4 py-3">{entry.actorEmail ?? <span className="text-slate-500">someone unknown</span>}</td>
            <td data-label="What" className="px-4 py-3">
              <div>
                {entry.summary.text}
                {entry.summary.subject ? (
                  <>
                    {" "}
                    <Link href={entry.summary.subject.href} className="text-indigo-700 underline">
                      {entry.summary.subject.text}
                    </Link>
                  </>
                ) : null}
                {entry.count > 1 ? <span className="text-slate-500"> · {entry.count} times</span> : null}
              </div>
              {entry.details.length ? (
                <details className="mt-1 text-xs text-slate-600">
                  <summary className="cursor-pointer">Details</summary>
                  <ul className="mt-1 flex flex-col gap-0.5 break-all font-mono">
                    {entry.details.map((detail, index) => (
                      <li key={index}>{detail}</li>
                    ))}
                  </ul>
                </details>
              ) : null}
            </td>
            <td data-label="Address" className="px-4 py-3 text-slate-500">{entry.ipAddress ?? ""}</td>
          </tr>
        ))}
      </DataTable>
      {nextCursor ? (
        <Link href={`/admin/audit?${nextParams.toString()}`} className="self-start rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium hover:bg-slate-50">
          Older events
        </Link>
      ) : null}
    </main>
  );
}
