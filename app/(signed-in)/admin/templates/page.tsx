import type { Metadata } from "next";
import { DeleteForm } from "@/components/admin/delete-form";
import { ReplyTemplateForm } from "@/components/admin/reply-template-form";
import { DataTable } from "@/components/ui/data-table";
import { LocalTime } from "@/components/ui/local-time";
import { requireAdmin } from "@/lib/auth/current-user";
import { listReplyTemplates } from "@/lib/replies/list-reply-templates";
import { deleteReplyTemplateAction } from "./actions";

export const metadata: Metadata = { title: "WhatsApp templates" };

export default async function TemplatesPage() {
  const admin = await requireAdmin();
  const templates = await listReplyTemplates(admin);
  return (
    <main className="mx-auto flex max-w-7xl flex-col gap-6 px-4 py-8">
      <div>
        <h1 className="text-2xl font-semibold">WhatsApp templates</h1>
        <p className="text-slate-600">
          Once 24 hours have passed since a customer&apos;s last WhatsApp message, agents can only send one of these. A template must first be
          approved in Meta&apos;s WhatsApp Manager, and is entered here exactly as approved: same name, language and body.
        </p>
      </div>
      <ReplyTemplateForm />
      <DataTable columns={["Name", "Language", "Body", "Agents fill in", "Last changed", "Actions"]} isEmpty={templates.length === 0} emptyText="No templates yet.">
        {templates.map((template) => (
          <tr key={template.id} className="align-top" data-testid={`template-${template.name}-${template.locale}`}>
            <td data-label="Name" className="px-4 py-3 font-mono">{template.name}</td>
            <td data-label="Language" className="px-4 py-3 font-mono">{template.locale}</td>
            <td data-label="Body" className="max-w-md whitespace-pre-wrap break-words px-4 py-3">{template.body}</td>
            <td data-label="Agents fill in" className="px-4 py-3">
              {template.parameters.length === 0 ? (
                <span className="text-slate-500">Nothing</span>
              ) : (
                <ol className="flex flex-col gap-0.5">
                  {template.parameters.map((label, index) => (
                    <li key={index}>
                      <span className="font-mono text-slate-500">{`{{${index + 1}}}`}</span> {label}
                    </li>
                  ))}
                </ol>
              )}
            </td>
            <td data-label="Last changed" className="whitespace-nowrap px-4 py-3 text-slate-600">
              <LocalTime date={template.updatedAt} />
            </td>
            <td data-label="Actions" className="px-4 py-3">
              <div className="flex flex-col items-start gap-2">
                <details>
                  <summary className="cursor-pointer text-sm font-medium text-indigo-700">Edit</summary>
                  <ReplyTemplateForm template={template} />
                </details>
                <DeleteForm
                  action={deleteReplyTemplateAction}
                  fields={{ templateId: template.id }}
                  label={`${template.name} (${template.locale})`}
                  confirmation={`Delete ${template.name} (${template.locale})? Agents can no longer send it; messages already sent keep their text.`}
                />
              </div>
            </td>
          </tr>
        ))}
      </DataTable>
    </main>
  );
}
