"use server";

import { z } from "zod";
import { requireUser } from "@/lib/auth/current-user";
import { idSchema } from "@/lib/db/id-schema";
import { formStateFromError, type FormState } from "@/lib/http/form-state";
import { createNote } from "@/lib/replies/create-note";
import { createReply } from "@/lib/replies/create-reply";
import { retryReply } from "@/lib/replies/retry-reply";

const optionalId = idSchema.or(z.literal("")).optional().transform((value) => value || null);

const composeSchema = z.discriminatedUnion("mode", [
  z.object({ mode: z.literal("reply"), id: idSchema, conversationId: idSchema, text: z.string().max(10_000), replyToMessageId: optionalId }),
  z.object({ mode: z.literal("note"), id: idSchema, conversationId: idSchema, text: z.string().max(10_000) }),
  z.object({ mode: z.literal("template"), id: idSchema, conversationId: idSchema, templateId: idSchema, parameters: z.array(z.string().max(1024)).max(20) }),
]);

/** The composer's submit: a reply, a note or a template, each written once however often it is submitted. */
export async function composeAction(_: FormState, formData: FormData): Promise<FormState> {
  try {
    const user = await requireUser();
    const fields = Object.fromEntries([...formData].filter(([name]) => name !== "attachment" && name !== "parameters"));
    const input = composeSchema.parse({ ...fields, parameters: formData.getAll("parameters") });
    if (input.mode === "note") {
      await createNote(user, input);
      return {};
    }
    const attachment = formData.get("attachment");
    await createReply(user, {
      id: input.id,
      conversationId: input.conversationId,
      content: input.mode === "template" ? { kind: "template", templateId: input.templateId, parameters: input.parameters } : { kind: "text", text: input.text },
      replyToMessageId: input.mode === "reply" ? input.replyToMessageId : null,
      attachment: input.mode === "reply" && attachment instanceof File && attachment.size > 0 ? attachment : null,
    });
    // The bubble in the thread shows how the send goes.
    return {};
  } catch (error) {
    return formStateFromError(error);
  }
}

export async function retryReplyAction(_: FormState, formData: FormData): Promise<FormState> {
  try {
    const user = await requireUser();
    const { isRetried } = await retryReply(user, idSchema.parse(formData.get("messageId")));
    return { message: isRetried ? "Sending again…" : "Already on its way." };
  } catch (error) {
    return formStateFromError(error);
  }
}
