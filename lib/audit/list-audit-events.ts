import "server-only";
import { z } from "zod";
import { assertAdmin } from "../auth/assert-admin";
import type { CurrentUser } from "../auth/current-user";
import { getDb } from "../db";
import { CURSOR_PATTERN, decodeCursor, olderThan, toPage } from "../db/keyset-page";

export const AUDIT_PAGE_SIZE = 50;

const dateOnly = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)))
  .optional()
  .catch(undefined);

/** The audit page's search parameters; anything malformed is ignored rather than failing the page. */
export const auditFilterSchema = z.object({
  person: z.string().trim().toLowerCase().max(200).optional().catch(undefined),
  action: z.string().trim().max(100).optional().catch(undefined),
  from: dateOnly,
  to: dateOnly,
  /** Keyset cursor: "<createdAt ms>_<id>" of the last row of the previous page. */
  after: z.string().regex(CURSOR_PATTERN).optional().catch(undefined),
});
export type AuditFilter = z.infer<typeof auditFilterSchema>;

export async function listAuditEvents(actor: CurrentUser, filter: AuditFilter) {
  assertAdmin(actor);
  const createdAt: { gte?: Date; lt?: Date } = {};
  if (filter.from) createdAt.gte = new Date(`${filter.from}T00:00:00.000Z`);
  if (filter.to) createdAt.lt = new Date(new Date(`${filter.to}T00:00:00.000Z`).getTime() + 86_400_000);
  const after = decodeCursor(filter.after);

  const rows = await getDb().auditEvent.findMany({
    where: {
      ...(filter.person ? { actorEmail: { contains: filter.person } } : {}),
      ...(filter.action ? { action: { startsWith: filter.action } } : {}),
      ...(filter.from || filter.to ? { createdAt } : {}),
      ...(after ? olderThan("createdAt", after) : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: AUDIT_PAGE_SIZE + 1,
  });
  const { page, nextCursor } = toPage(rows, AUDIT_PAGE_SIZE, (row) => row.createdAt);
  return { events: page, nextCursor };
}
