"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireUser } from "@/lib/auth/current-user";
import { markConversationRead, updateConversation } from "@/lib/conversations/update-conversation";
import { idSchema } from "@/lib/db/id-schema";
import { formStateFromError, type FormState } from "@/lib/http/form-state";

const changeSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("resolve"), conversationId: idSchema }),
  z.object({ kind: z.literal("reopen"), conversationId: idSchema }),
  z.object({ kind: z.literal("mark_unread"), conversationId: idSchema }),
  z.object({
    kind: z.literal("assign"),
    conversationId: idSchema,
    assigneeId: idSchema.or(z.literal("")).transform((value) => value || null),
  }),
]);

const DONE = { resolve: "Resolved.", reopen: "Reopened.", mark_unread: "Marked unread.", assign: "Assignment saved." } as const;

export async function changeConversationAction(_: FormState, formData: FormData): Promise<FormState> {
  try {
    const user = await requireUser();
    const { conversationId, ...change } = changeSchema.parse(Object.fromEntries(formData));
    await updateConversation(user, conversationId, change);
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
