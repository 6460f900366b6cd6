"use client";

import { useActionState } from "react";
import { saveCannedReplyAction } from "@/app/(signed-in)/admin/canned-replies/actions";
import { Button } from "@/components/ui/button";
import { Field, TextAreaField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";

/** Adds a canned reply, or with `cannedReply` edits that one. A refused form keeps what was typed. */
export function CannedReplyForm({ cannedReply }: { cannedReply?: { id: string; shortcut: string; text: string } }) {
  const [state, action, isPending] = useActionState(saveCannedReplyAction, {});
  const prefix = cannedReply ? `canned-${cannedReply.id}` : "new-canned";
  const values = state.values ?? cannedReply;
  return (
    <form
      action={action}
      aria-label={cannedReply ? `Edit /${cannedReply.shortcut}` : "Add a canned reply"}
      className={cannedReply ? "mt-2 flex min-w-80 flex-col gap-3" : "flex flex-col gap-4 rounded-xl border border-slate-200 bg-white p-5 shadow-sm"}
    >
      {cannedReply ? <input type="hidden" name="cannedReplyId" value={cannedReply.id} /> : <h2 className="text-lg font-semibold">Add a canned reply</h2>}
      <FormMessage state={state} />
      <Field
        id={`${prefix}-shortcut`}
        name="shortcut"
        label="Shortcut (agents type / and it in the reply box)"
        defaultValue={values?.shortcut}
        required
        error={state.fieldErrors?.shortcut}
      />
      <TextAreaField
        id={`${prefix}-text`}
        name="text"
        label="Text"
        rows={4}
        defaultValue={values?.text}
        required
        error={state.fieldErrors?.text}
      />
      <div>
        <Button type="submit" variant={cannedReply ? "secondary" : "primary"} disabled={isPending}>
          {isPending ? "Saving…" : cannedReply ? "Save" : "Add canned reply"}
        </Button>
      </div>
    </form>
  );
}
