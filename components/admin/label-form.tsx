"use client";

import { useActionState } from "react";
import { saveLabelAction } from "@/app/(signed-in)/admin/labels/actions";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { LABEL_COLOR_NAMES, labelColorClasses } from "@/lib/conversations/label-colors";
import { LABEL_NAME_MAX_LENGTH } from "@/lib/labels/label-limits";

type Label = { id: string; name: string; color: string };

/** Adds a label, or with `label` edits its name and colour. A refused form keeps what was chosen. */
export function LabelForm({ label }: { label?: Label }) {
  const [state, action, isPending] = useActionState(saveLabelAction, {});
  const prefix = label ? `label-${label.id}` : "new-label";
  const values = state.values ?? label;
  const chosenColor = values?.color || "slate";
  return (
    <form
      action={action}
      aria-label={label ? `Edit ${label.name}` : "Add a label"}
      className={label ? "mt-2 flex min-w-72 flex-col gap-3" : "flex flex-col gap-4 rounded-xl border border-slate-200 bg-white p-5 shadow-sm"}
    >
      {label ? <input type="hidden" name="labelId" value={label.id} /> : <h2 className="text-lg font-semibold">Add a label</h2>}
      <FormMessage state={state} />
      <Field id={`${prefix}-name`} name="name" label="Name" defaultValue={values?.name} maxLength={LABEL_NAME_MAX_LENGTH} required error={state.fieldErrors?.name} />
      {/* Keyed by what was submitted: React resets a form after its action, and the choice must come back. */}
      <fieldset key={chosenColor} className="flex flex-col gap-2 text-sm" aria-describedby={state.fieldErrors?.color ? `${prefix}-color-error` : undefined}>
        <legend className="mb-1 font-medium text-slate-700">Colour</legend>
        <div className="flex flex-wrap gap-2">
          {LABEL_COLOR_NAMES.map((color) => (
            <label key={color} className="flex cursor-pointer items-center gap-1.5 rounded-md border border-slate-200 px-2 py-1 has-[:checked]:border-indigo-500 has-[:checked]:ring-1 has-[:checked]:ring-indigo-500">
              <input type="radio" name="color" value={color} defaultChecked={color === chosenColor} />
              <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${labelColorClasses(color)}`}>{color}</span>
            </label>
          ))}
        </div>
        {state.fieldErrors?.color ? (
          <p id={`${prefix}-color-error`} className="text-sm text-red-700">
            {state.fieldErrors.color}
          </p>
        ) : null}
      </fieldset>
      <div>
        <Button type="submit" variant={label ? "secondary" : "primary"} disabled={isPending}>
          {isPending ? "Saving…" : label ? "Save" : "Add label"}
        </Button>
      </div>
    </form>
  );
}
