import type { Metadata } from "next";
import { DeleteForm } from "@/components/admin/delete-form";
import { LabelForm } from "@/components/admin/label-form";
import { LabelChip } from "@/components/conversations/conversation-tags";
import { DataTable } from "@/components/ui/data-table";
import { requireAdmin } from "@/lib/auth/current-user";
import { listLabels } from "@/lib/labels/list-labels";
import { deleteLabelAction } from "./actions";

export const metadata: Metadata = { title: "Labels" };

export default async function LabelsPage() {
  await requireAdmin();
  const labels = await listLabels();
  return (
    <main className="mx-auto flex max-w-7xl flex-col gap-6 px-4 py-8">
      <div>
        <h1 className="text-2xl font-semibold">Labels</h1>
        <p className="text-slate-600">Agents put labels on conversations (Refund, Damaged, VIP…) and filter the inbox by them.</p>
      </div>
      <LabelForm />
      <DataTable columns={["Label", "Colour", "Actions"]} isEmpty={labels.length === 0} emptyText="No labels yet.">
        {labels.map((label) => (
          <tr key={label.id} className="align-top" data-testid={`label-${label.name}`}>
            <td data-label="Label" className="px-4 py-3">
              <LabelChip label={label} />
            </td>
            <td data-label="Colour" className="px-4 py-3 text-sm text-slate-600">{label.color}</td>
            <td data-label="Actions" className="px-4 py-3">
              <div className="flex flex-col items-start gap-2">
                <details>
                  <summary className="cursor-pointer text-sm font-medium text-indigo-700">Edit</summary>
                  <LabelForm label={label} />
                </details>
                <DeleteForm
                  action={deleteLabelAction}
                  fields={{ labelId: label.id }}
                  label={label.name}
                  confirmation={`Delete the label “${label.name}”? It comes off every conversation that has it.`}
                />
              </div>
            </td>
          </tr>
        ))}
      </DataTable>
    </main>
  );
}
