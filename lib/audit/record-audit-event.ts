import "server-only";
import type { Prisma } from "../generated/sqlite/client";
import { getDb } from "../db";
import type { AuditAction } from "./audit-actions";

export type AuditActor = { id: string; email: string } | null;

export type AuditEventInput = {
  actor: AuditActor;
  action: AuditAction;
  targetType?: string;
  targetId?: string;
  detail?: Record<string, string | number | boolean | null>;
  ipAddress?: string;
};

type Writer = Pick<ReturnType<typeof getDb>, "auditEvent"> | Prisma.TransactionClient;

/** Writes one audit row; pass the transaction client when the change it records is in one. */
export async function recordAuditEvent(event: AuditEventInput, writer: Writer = getDb()): Promise<void> {
  await writer.auditEvent.create({
    data: {
      actorId: event.actor?.id,
      actorEmail: event.actor?.email,
      action: event.action,
      targetType: event.targetType,
      targetId: event.targetId,
      detail: event.detail,
      ipAddress: event.ipAddress,
    },
  });
}
