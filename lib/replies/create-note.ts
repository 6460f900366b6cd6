// A private note in a thread: colleagues see it, styled apart; it is never sent to Vonage (it has
// no send state, so the reply sender never claims it). Idempotent by its composer-chosen id, like
// a reply, and audited without its words.
import "server-only";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { CurrentUser } from "../auth/current-user";
import { conversationAccessWhere } from "../conversations/conversation-access";
import { getDb } from "../db";
import { isUniqueViolation } from "../db/is-unique-violation";
import { AppError } from "../errors";
import { publishLiveEvent } from "../live/publish-live-event";

/** Notes are for colleagues, not essays: the same bound as the longest channel text. */
export const NOTE_MAX_LENGTH = 4096;

export async function createNote(user: CurrentUser, input: { id: string; conversationId: string; text: string }): Promise<{ id: string; isNew: boolean }> {
  const text = input.text.replace(/\r\n?/g, "\n").trim();
  if (!text) throw new AppError("bad_request", "Write something to note.");
  if (text.length > NOTE_MAX_LENGTH) throw new AppError("unprocessable", `A note takes at most ${NOTE_MAX_LENGTH} characters; this one has ${text.length}.`);
  const now = new Date();
  try {
    await getDb().$transaction(async (tx) => {
      const conversation = await tx.conversation.findFirst({ where: { AND: [{ id: input.conversationId }, conversationAccessWhere(user)] }, select: { id: true, channel: true, businessNumber: true } });
      if (!conversation) throw new AppError("not_found", "This conversation does not exist (any more).");
      await tx.message.create({
        data: {
          id: input.id,
          conversationId: conversation.id,
          direction: "note",
          channel: conversation.channel,
          messageType: "text",
          fromAddress: user.email,
          toAddress: conversation.businessNumber,
          text,
          rawPayload: "{}",
          sentAt: now,
          receivedAt: now,
          authorId: user.id,
        },
      });
      await recordAuditEvent({ actor: { id: user.id, email: user.email }, action: "note.added", targetType: "conversation", targetId: conversation.id, detail: { messageId: input.id } }, tx);
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const existing = await getDb().message.findUnique({ where: { id: input.id }, select: { conversationId: true, authorId: true, direction: true } });
    if (existing?.direction === "note" && existing.conversationId === input.conversationId && existing.authorId === user.id) return { id: input.id, isNew: false };
    throw error;
  }
  await publishLiveEvent({ kind: "message", conversationId: input.conversationId, messageId: input.id });
  return { id: input.id, isNew: true };
}
