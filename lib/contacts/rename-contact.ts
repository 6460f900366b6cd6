// Naming a customer ("Priya Shah" instead of +44 7700 900123): any agent who can see one of the
// customer's conversations may, as they would correct a name on a call. One transaction with one
// audit row and one activity line on the conversation it was done from; every open list is told,
// so the new name shows wherever the customer's conversations are listed.
//
// The name is customer data: it goes to Contact.name and nowhere else (not the audit trail, not the
// activity line, not a log), so erasing the customer erases it.
import "server-only";
import { z } from "zod";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { CurrentUser } from "../auth/current-user";
import { conversationAccessWhere } from "../conversations/conversation-access";
import { recordConversationActivity } from "../conversations/record-conversation-activity";
import { getDb } from "../db";
import { AppError } from "../errors";
import { publishLiveEvent } from "../live/publish-live-event";

export const MAX_CONTACT_NAME_LENGTH = 80;

/** An empty name clears the agents' name: Vonage's profile name (or the number) shows again. */
export const contactNameSchema = z.object({
  name: z
    .string({ error: "Type the customer's name, or leave it empty to use the name their channel gives." })
    // Pasted names bring tabs and line breaks: one line, single spaces.
    .transform((name) => name.replace(/\s+/g, " ").trim())
    .pipe(z.string().max(MAX_CONTACT_NAME_LENGTH, `A name has at most ${MAX_CONTACT_NAME_LENGTH} characters: shorten it and save again.`))
    .transform((name) => name || null),
});

export type RenameResult = { isChanged: boolean; isCleared: boolean };

/** Renames the customer of `conversationId`, which `user` must be able to see (else not_found). */
export async function renameContact(user: CurrentUser, conversationId: string, input: { name: unknown }): Promise<RenameResult> {
  const { name } = contactNameSchema.parse(input);
  const renamed = await getDb().$transaction(async (tx) => {
    const conversation = await tx.conversation.findFirst({
      where: { AND: [{ id: conversationId }, conversationAccessWhere(user)] },
      select: { contact: { select: { id: true, name: true } } },
    });
    if (!conversation) throw new AppError("not_found", "This conversation does not exist (any more).");
    const { contact } = conversation;
    if (contact.name === name) return null;
    await tx.contact.update({ where: { id: contact.id }, data: { name } });
    // The name is part of every row of the customer's: a newer updatedAt makes open lists take it.
    await tx.conversation.updateMany({ where: { contactId: contact.id }, data: { updatedAt: new Date() } });
    const conversations = await tx.conversation.findMany({ where: { contactId: contact.id }, select: { id: true } });
    await recordConversationActivity(tx, { conversationId, actorId: user.id, kind: "renamed", detail: {} });
    await recordAuditEvent(
      {
        actor: { id: user.id, email: user.email },
        action: "contact.renamed",
        targetType: "contact",
        targetId: contact.id,
        detail: { conversationId, isCleared: name === null },
      },
      tx,
    );
    return { conversationIds: conversations.map((row) => row.id) };
  });
  if (!renamed) return { isChanged: false, isCleared: name === null };
  // Streams send each one only to those who may see that conversation.
  for (const id of renamed.conversationIds) await publishLiveEvent({ kind: "state", conversationId: id, messageId: null });
  return { isChanged: true, isCleared: name === null };
}
