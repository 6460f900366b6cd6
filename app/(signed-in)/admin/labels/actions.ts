"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireAdmin } from "@/lib/auth/current-user";
import { idSchema } from "@/lib/db/id-schema";
import { formStateFromError, submittedValues, type FormState } from "@/lib/http/form-state";
import { deleteLabel } from "@/lib/labels/delete-label";
import { saveLabel } from "@/lib/labels/save-label";

// The fields' rules are saveLabel's; here only their presence and the row's id.
const saveSchema = z.object({ labelId: idSchema.optional(), name: z.string(), color: z.string({ error: "Choose a colour." }) });

export async function saveLabelAction(_: FormState, formData: FormData): Promise<FormState> {
  try {
    const admin = await requireAdmin();
    const { labelId, ...input } = saveSchema.parse(Object.fromEntries(formData));
    const saved = await saveLabel(admin, { ...input, id: labelId });
    // Conversations show labels everywhere: the inbox and threads render them anew.
    revalidatePath("/", "layout");
    return { message: labelId ? `Saved “${saved.name}”.` : `Added “${saved.name}”: agents can put it on conversations now.` };
  } catch (error) {
    return { ...formStateFromError(error), values: submittedValues(formData, ["name", "color"]) };
  }
}

const deleteSchema = z.object({ labelId: idSchema });

export async function deleteLabelAction(_: FormState, formData: FormData): Promise<FormState> {
  try {
    const admin = await requireAdmin();
    const { labelId } = deleteSchema.parse(Object.fromEntries(formData));
    const deleted = await deleteLabel(admin, labelId);
    revalidatePath("/", "layout");
    return { message: `Deleted “${deleted.name}”${deleted.conversations > 0 ? ` and took it off ${deleted.conversations === 1 ? "1 conversation" : `${deleted.conversations} conversations`}` : ""}.` };
  } catch (error) {
    return formStateFromError(error);
  }
}
