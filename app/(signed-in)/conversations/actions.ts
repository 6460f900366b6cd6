"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireUser } from "@/lib/auth/current-user";
import { conversationChangeSchema } from "@/lib/conversations/conversation-change";
import { describeBulkOutcome } from "@/lib/conversations/describe-bulk-outcome";
import { MAX_BULK_CONVERSATIONS, updateConversations } from "@/lib/conversations/update-conversations";
import { idSchema } from "@/lib/db/id-schema";
import { formStateFromError, type FormState } from "@/lib/http/form-state";

const conversationIdsSchema = z
  .array(idSchema, { error: "Select the conversations first." })
  .min(1, "Select the conversations first.")
  .max(MAX_BULK_CONVERSATIONS, `Select at most ${MAX_BULK_CONVERSATIONS} conversations at once.`);

/** The inbox's bulk actions: one change (resolve, assign, label…) to every selected conversation. */
export async function changeConversationsAction(_: FormState, formData: FormData): Promise<FormState> {
  try {
    const user = await requireUser();
    const conversationIds = conversationIdsSchema.parse(formData.getAll("conversationIds"));
    // The change's own fields (kind, assigneeId, labelId…); the schema leaves the rest aside.
    const change = conversationChangeSchema.parse(Object.fromEntries(formData));
    const outcome = await updateConversations(user, conversationIds, change);
    revalidatePath("/conversations", "layout");
    const message = describeBulkOutcome(change.kind, outcome);
    return outcome.changed > 0 ? { message } : { error: message };
  } catch (error) {
    return formStateFromError(error);
  }
}
