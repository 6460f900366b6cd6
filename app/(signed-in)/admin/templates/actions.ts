"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireAdmin } from "@/lib/auth/current-user";
import { idSchema } from "@/lib/db/id-schema";
import { formStateFromError, submittedValues, type FormState } from "@/lib/http/form-state";
import { deleteReplyTemplate } from "@/lib/replies/delete-reply-template";
import { labelsFromLines } from "@/lib/replies/reply-template-schema";
import { saveReplyTemplate } from "@/lib/replies/save-reply-template";

// The fields' rules are saveReplyTemplate's; here only their presence, the row's id, and the
// labels split from their lines.
const saveSchema = z.object({
  templateId: idSchema.optional(),
  name: z.string(),
  locale: z.string(),
  body: z.string(),
  parameters: z.string().transform(labelsFromLines),
});

export async function saveReplyTemplateAction(_: FormState, formData: FormData): Promise<FormState> {
  try {
    const admin = await requireAdmin();
    const { templateId, ...input } = saveSchema.parse(Object.fromEntries(formData));
    const saved = await saveReplyTemplate(admin, { ...input, id: templateId });
    revalidatePath("/admin/templates");
    return { message: templateId ? `Saved ${saved.name} (${saved.locale}).` : `Added ${saved.name} (${saved.locale}): agents can send it once WhatsApp's 24-hour window has closed.` };
  } catch (error) {
    return { ...formStateFromError(error), values: submittedValues(formData, ["name", "locale", "body", "parameters"]) };
  }
}

const deleteSchema = z.object({ templateId: idSchema });

export async function deleteReplyTemplateAction(_: FormState, formData: FormData): Promise<FormState> {
  try {
    const admin = await requireAdmin();
    const { templateId } = deleteSchema.parse(Object.fromEntries(formData));
    const deleted = await deleteReplyTemplate(admin, templateId);
    revalidatePath("/admin/templates");
    return { message: `Deleted ${deleted.name} (${deleted.locale}).` };
  } catch (error) {
    return formStateFromError(error);
  }
}
