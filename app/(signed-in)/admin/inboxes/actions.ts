"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireAdmin } from "@/lib/auth/current-user";
import { idSchema } from "@/lib/db/id-schema";
import { formStateFromError, submittedValues, type FormState } from "@/lib/http/form-state";
import { deleteInbox } from "@/lib/inboxes/delete-inbox";
import { saveInbox } from "@/lib/inboxes/save-inbox";

// The fields' rules are saveInbox's; here only their presence and the row's id.
const saveSchema = z.object({
  inboxId: idSchema.optional(),
  name: z.string(),
  addresses: z.string(),
  applicationId: z.string().default(""),
  apiKey: z.string().default(""),
  signatureSecret: z.string().default(""),
  privateKey: z.string().default(""),
});

export async function saveInboxAction(_: FormState, formData: FormData): Promise<FormState> {
  try {
    const admin = await requireAdmin();
    const { inboxId, ...input } = saveSchema.parse(Object.fromEntries(formData));
    const saved = await saveInbox(admin, { ...input, id: inboxId });
    revalidatePath("/admin/inboxes");
    return { message: inboxId ? `Saved “${saved.name}”.` : `Added “${saved.name}”: give it to a team under Teams.` };
  } catch (error) {
    // Never the secrets: they are typed again.
    return { ...formStateFromError(error), values: submittedValues(formData, ["name", "addresses", "applicationId", "apiKey"]) };
  }
}

export async function deleteInboxAction(_: FormState, formData: FormData): Promise<FormState> {
  try {
    const admin = await requireAdmin();
    const deleted = await deleteInbox(admin, idSchema.parse(formData.get("inboxId")));
    revalidatePath("/admin/inboxes");
    return { message: `Deleted “${deleted.name}”.` };
  } catch (error) {
    return formStateFromError(error);
  }
}
