"use client";

import { useActionState } from "react";
import { saveReplyTemplateAction } from "@/app/(signed-in)/admin/templates/actions";
import { Button } from "@/components/ui/button";
import { Field, TextAreaField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";

type Template = { id: string; name: string; locale: string; body: string; parameters: string[] };

/** Adds a WhatsApp template, or with `template` edits that one. A refused form keeps what was typed. */
export function ReplyTemplateForm({ template }: { template?: Template }) {
  const [state, action, isPending] = useActionState(saveReplyTemplateAction, {});
  const prefix = template ? `template-${template.id}` : "new-template";
  const values = state.values ?? (template && { ...template, parameters: template.parameters.join("\n") });
  return (
    <form
      action={action}
      aria-label={template ? `Edit ${template.name} (${template.locale})` : "Add a template"}
      className={template ? "mt-2 flex min-w-96 flex-col gap-3" : "grid gap-4 rounded-xl border border-slate-200 bg-white p-5 shadow-sm sm:grid-cols-2"}
    >
      {template ? <input type="hidden" name="templateId" value={template.id} /> : <h2 className="text-lg font-semibold sm:col-span-2">Add a template</h2>}
      <div className="sm:col-span-2">
        <FormMessage state={state} />
      </div>
      <Field id={`${prefix}-name`} name="name" label="Name, as approved (like order_update)" defaultValue={values?.name} required error={state.fieldErrors?.name} />
      <Field id={`${prefix}-locale`} name="locale" label="Language (like en, en_US, pt_BR)" defaultValue={values?.locale} required error={state.fieldErrors?.locale} />
      <div className="sm:col-span-2">
        <TextAreaField
          id={`${prefix}-body`}
          name="body"
          label="Body, as approved, with its placeholders {{1}}, {{2}}, …"
          rows={4}
          defaultValue={values?.body}
          required
          error={state.fieldErrors?.body}
        />
      </div>
      <div className="sm:col-span-2">
        <TextAreaField
          id={`${prefix}-parameters`}
          name="parameters"
          label="What agents fill in: one label per placeholder, one per line ({{1}} first)"
          rows={3}
          defaultValue={values?.parameters}
          error={state.fieldErrors?.parameters}
        />
      </div>
      <div className="sm:col-span-2">
        <Button type="submit" variant={template ? "secondary" : "primary"} disabled={isPending}>
          {isPending ? "Saving…" : template ? "Save" : "Add template"}
        </Button>
      </div>
    </form>
  );
}
