import "server-only";
import { recordAuditEvent } from "../audit/record-audit-event";
import { assertAdmin } from "../auth/assert-admin";
import type { CurrentUser } from "../auth/current-user";
import { getDb } from "../db";
import { AppError } from "../errors";

/** Deletes an inbox an admin added, while no conversation is in it; its numbers are free again. */
export async function deleteInbox(actor: CurrentUser, inboxId: string): Promise<{ name: string }> {
  assertAdmin(actor);
  return getDb().$transaction(async (tx) => {
    const inbox = await tx.inbox.findUnique({ where: { id: inboxId }, select: { name: true, kind: true, _count: { select: { conversations: true } } } });
    if (!inbox) throw new AppError("not_found", "That inbox was deleted already.");
    if (inbox.kind !== "application") throw new AppError("unprocessable", `“${inbox.name}” is built in and stays.`);
    if (inbox._count.conversations > 0) {
      throw new AppError("conflict", `“${inbox.name}” holds ${inbox._count.conversations} conversations: an inbox with conversations stays (take its numbers off to stop new ones).`);
    }
    await tx.inbox.delete({ where: { id: inboxId } });
    await recordAuditEvent({ actor: { id: actor.id, email: actor.email }, action: "inbox.deleted", targetType: "inbox", targetId: inboxId, detail: { name: inbox.name } }, tx);
    return { name: inbox.name };
  });
}
