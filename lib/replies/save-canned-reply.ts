// Adding or editing a canned reply, the text agents insert by typing "/" and its shortcut. One
// transaction with one audit row, which names the shortcut and never the text.
import "server-only";
import { recordAuditEvent } from "../audit/record-audit-event";
import { assertAdmin } from "../auth/assert-admin";
import type { CurrentUser } from "../auth/current-user";
import { getDb } from "../db";
import { isUniqueViolation } from "../db/is-unique-violation";
import { AppError } from "../errors";
import { cannedReplySchema, type CannedReplyInput } from "./canned-reply-schema";

/** Without `id`, adds a canned reply; with it, replaces that one's shortcut and text. */
export async function saveCannedReply(actor: CurrentUser, input: CannedReplyInput & { id?: string }): Promise<{ id: string; shortcut: string }> {
  assertAdmin(actor);
  const data = cannedReplySchema.parse(input);
  try {
    return await getDb().$transaction(async (tx) => {
      let id: string;
      if (input.id) {
        const { count } = await tx.cannedReply.updateMany({ where: { id: input.id }, data });
        if (count === 0) throw new AppError("not_found", "That canned reply no longer exists: another admin deleted it.");
        id = input.id;
      } else {
        ({ id } = await tx.cannedReply.create({ data: { ...data, createdById: actor.id }, select: { id: true } }));
      }
      await recordAuditEvent(
        {
          actor: { id: actor.id, email: actor.email },
          action: "canned_reply.saved",
          targetType: "canned_reply",
          targetId: id,
          detail: { shortcut: data.shortcut, isNew: !input.id },
        },
        tx,
      );
      return { id, shortcut: data.shortcut };
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError("conflict", `The shortcut /${data.shortcut} is taken already: edit that canned reply, or choose another shortcut.`, {
        details: { field: "shortcut" },
      });
    }
    throw error;
  }
}
