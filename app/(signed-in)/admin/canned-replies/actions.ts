"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireAdmin } from "@/lib/auth/current-user";
import { idSchema } from "@/lib/db/id-schema";
import { formStateFromError, submittedValues, type FormState } from "@/lib/http/form-state";
import { deleteCannedReply } from "@/lib/replies/delete-canned-reply";
import { saveCannedReply } from "@/lib/replies/save-canned-reply";

// The fields' rules are saveCannedReply's; here only their presence and the row's id.
const saveSchema = z.object({ cannedReplyId: idSchema.optional(), shortcut: z.string(), text: z.string() });

export async function saveCannedReplyAction(_: FormState, formData: FormData): Promise<FormState> {
  try {
    const admin = await requireAdmin();
    const { cannedReplyId, ...input } = saveSchema.parse(Object.fromEntries(formData));
    const saved = await saveCannedReply(admin, { ...input, id: cannedReplyId });
    revalidatePath("/admin/canned-replies");
    return { message: cannedReplyId ? `Saved /${saved.shortcut}.` : `Added: agents insert it by typing /${saved.shortcut} in the reply box.` };
  } catch (error) {
    return { ...formStateFromError(error), values: submittedValues(formData, ["shortcut", "text"]) };
  }
}

const deleteSchema = z.object({ cannedReplyId: idSchema });

export async function deleteCannedReplyAction(_: FormState, formData: FormData): Promise<FormState> {
  try {
    const admin = await requireAdmin();
    const { cannedReplyId } = deleteSchema.parse(Object.fromEntries(formData));
    const deleted = await deleteCannedReply(admin, cannedReplyId);
    revalidatePath("/admin/canned-replies");
    return { message: `Deleted /${deleted.shortcut}.` };
  } catch (error) {
    return formStateFromError(error);
  }
}
