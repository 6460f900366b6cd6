import type { Metadata } from "next";
import { CannedReplyForm } from "@/components/admin/canned-reply-form";
import { DeleteForm } from "@/components/admin/delete-form";
import { DataTable } from "@/components/ui/data-table";
import { LocalTime } from "@/components/ui/local-time";
import { requireAdmin } from "@/lib/auth/current-user";
import { listCannedReplies } from "@/lib/replies/list-canned-replies";
import { deleteCannedReplyAction } from "./actions";

export const metadata: Metadata = { title: "Canned replies" };

export default async function CannedRepliesPage() {
  const admin = await requireAdmin();
  const cannedReplies = await listCannedReplies(admin);
  return (
    <main className="mx-auto flex max-w-7xl flex-col gap-6 px-4 py-8">
      <div>
        <h1 className="text-2xl font-semibold">Canned replies</h1>
        <p className="text-slate-600">Text agents insert into a reply by typing / and its shortcut, then change before sending if they need to.</p>
      </div>
      <CannedReplyForm />
      <DataTable columns={["Shortcut", "Text", "Last changed", "Actions"]} isEmpty={cannedReplies.length === 0} emptyText="No canned replies yet.">
        {cannedReplies.map((cannedReply) => (
          <tr key={cannedReply.id} className="align-top" data-testid={`canned-reply-${cannedReply.shortcut}`}>
            <td data-label="Shortcut" className="px-4 py-3 font-mono">/{cannedReply.shortcut}</td>
            <td data-label="Text" className="max-w-xl whitespace-pre-wrap break-words px-4 py-3">{cannedReply.text}</td>
            <td data-label="Last changed" className="whitespace-nowrap px-4 py-3 text-slate-600">
              <LocalTime date={cannedReply.updatedAt} />
            </td>
            <td data-label="Actions" className="px-4 py-3">
              <div className="flex flex-col items-start gap-2">
                <details>
                  <summary className="cursor-pointer text-sm font-medium text-indigo-700">Edit</summary>
                  <CannedReplyForm cannedReply={cannedReply} />
                </details>
                <DeleteForm
                  action={deleteCannedReplyAction}
                  fields={{ cannedReplyId: cannedReply.id }}
                  label={`/${cannedReply.shortcut}`}
                  confirmation={`Delete /${cannedReply.shortcut}? Agents can no longer insert it; replies already sent keep their text.`}
                />
              </div>
            </td>
          </tr>
        ))}
      </DataTable>
    </main>
  );
}
