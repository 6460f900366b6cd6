"use server";

import { revalidatePath } from "next/cache";
import { requireUser } from "@/lib/auth/current-user";
import { renameContact } from "@/lib/contacts/rename-contact";
import { idSchema } from "@/lib/db/id-schema";
import { formStateFromError, submittedValues, type FormState } from "@/lib/http/form-state";

/** The contact panel's name form: renameContact checks the conversation is within reach and the name. */
export async function renameContactAction(_: FormState, formData: FormData): Promise<FormState> {
  try {
    const user = await requireUser();
    const conversationId = idSchema.parse(formData.get("conversationId"));
    const result = await renameContact(user, conversationId, { name: formData.get("name") });
    // The thread's header, the list and the panel all show the name.
    revalidatePath("/conversations", "layout");
    if (!result.isChanged) return { message: "The name is unchanged." };
    return { message: result.isCleared ? "Name cleared: the name their channel gives is shown." : "Name saved." };
  } catch (error) {
    return { ...formStateFromError(error), values: submittedValues(formData, ["name"]) };
  }
}
