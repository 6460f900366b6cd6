// The AuditEvent table as CareDesk's own SQL writes it (queue-audit-event.ts), for batches of rows
// too frequent for the Prisma client's per-row cost. Every NOT NULL column is written: Prisma
// applies cuid() and now() in the client, not in the database. audit-event-table.integration.test.ts
// checks this definition against the migrated databases.
import "server-only";
import { defineTable } from "../db/define-table";
import { dateTime, optionalJson, optionalText, text } from "../db/sql-dialect";

export const AUDIT_EVENT = defineTable("AuditEvent", {
  id: text,
  actorId: optionalText,
  actorEmail: optionalText,
  action: text,
  targetType: optionalText,
  targetId: optionalText,
  detail: optionalJson,
  ipAddress: optionalText,
  createdAt: dateTime,
});
