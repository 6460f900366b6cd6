import type { Metadata } from "next";
import { DeleteForm } from "@/components/admin/delete-form";
import { InboxForm } from "@/components/admin/inbox-form";
import { DataTable } from "@/components/ui/data-table";
import { requireAdmin } from "@/lib/auth/current-user";
import { listInboxes } from "@/lib/inboxes/list-inboxes";
import { deleteInboxAction } from "./actions";
import { formatAddress } from "@/lib/messages/format-address";

export const metadata: Metadata = { title: "Inboxes" };

const KIND_NOTES: Record<string, string> = {
  environment: "The Vonage application set by the VONAGE_* variables. While it lists no numbers it takes every message no other inbox serves.",
  unrouted: "Messages to a number no inbox serves land here, for admins: kept, never dropped.",
};

export default async function InboxesPage() {
  const admin = await requireAdmin();
  const inboxes = await listInboxes(admin);
  return (
    <main className="mx-auto flex max-w-7xl flex-col gap-6 px-4 py-8">
      <div>
        <h1 className="text-2xl font-semibold">Inboxes</h1>
        <p className="text-slate-600">
          Each inbox is the numbers (or channel ids) customers write to. A new conversation starts in the inbox that serves the number it was sent to; agents see
          the inboxes their teams handle.
        </p>
      </div>
      <InboxForm />
      <DataTable columns={["Inbox", "Numbers", "Teams", "Conversations", "Actions"]} isEmpty={inboxes.length === 0} emptyText="No inboxes.">
        {inboxes.map((inbox) => (
          <tr key={inbox.id} className="align-top" data-testid={`inbox-${inbox.name}`}>
            <td data-label="Inbox" className="px-4 py-3">
              <div className="font-medium">{inbox.name}</div>
              {KIND_NOTES[inbox.kind] ? <p className="max-w-xs text-xs text-slate-500">{KIND_NOTES[inbox.kind]}</p> : null}
            </td>
            <td data-label="Numbers" className="px-4 py-3 font-mono text-sm">
              {inbox.addresses.length ? inbox.addresses.map((address) => formatAddress(address)).join(", ") : <span className="font-sans text-slate-500">none</span>}
              <div className="font-sans text-xs text-slate-500">{inbox.applicationId ? `application ${inbox.applicationId}${inbox.hasPrivateKey ? ", key stored" : ", no key yet"}` : "the environment's application"}</div>
            </td>
            <td data-label="Teams" className="px-4 py-3 text-sm">{inbox.teams.length ? inbox.teams.join(", ") : <span className="text-slate-500">none (admins only)</span>}</td>
            <td data-label="Conversations" className="px-4 py-3 text-sm">{inbox.conversations}</td>
            <td data-label="Actions" className="px-4 py-3">
              <div className="flex flex-col items-start gap-2">
                <details>
                  <summary className="cursor-pointer text-sm font-medium text-indigo-700">Edit</summary>
                  <InboxForm inbox={inbox} />
                </details>
                {inbox.kind === "application" ? (
                  <DeleteForm action={deleteInboxAction} fields={{ inboxId: inbox.id }} label={inbox.name} confirmation={`Delete the inbox “${inbox.name}”? Its numbers become free.`} />
                ) : null}
              </div>
            </td>
          </tr>
        ))}
      </DataTable>
    </main>
  );
}
