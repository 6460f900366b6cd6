"use server";

import { revalidatePath } from "next/cache";
import { requireUser } from "@/lib/auth/current-user";
import { conversationChangeSchema, type ConversationChange } from "@/lib/conversations/conversation-change";
import { markConversationRead, updateConversation } from "@/lib/conversations/update-conversation";
import { idSchema } from "@/lib/db/id-schema";
import { formStateFromError, type FormState } from "@/lib/http/form-state";

const DONE: Record<ConversationChange["kind"], string> = {
  resolve: "Resolved.",
  reopen: "Reopened.",
  pending: "Set to pending: the customer's next message opens it again.",
  snooze: "Snoozed.",
  mark_unread: "Marked unread.",
  assign: "Assignment saved.",
  priority: "Priority saved.",
  label: "Label added.",
  unlabel: "Label removed.",
};

export async function changeConversationAction(_: FormState, formData: FormData): Promise<FormState> {
  try {
    const user = await requireUser();
    const { conversationId, ...fields } = Object.fromEntries(formData);
    const id = idSchema.parse(conversationId);
    const change = conversationChangeSchema.parse(fields);
    await updateConversation(user, id, change);
    revalidatePath("/conversations", "layout");
    return { message: DONE[change.kind] };
  } catch (error) {
    return formStateFromError(error);
  }
}

/** Taken by the page itself (on opening a thread, or when a live update brings a message to it). */
export async function markReadAction(conversationId: string): Promise<void> {
  const user = await requireUser({ isActivity: false });
  const id = idSchema.safeParse(conversationId);
  if (id.success) await markConversationRead(user, id.data);
}
