// Folds the audit trail's runs of one person opening one file (a video player asks for it in many
// ranges) into one entry with a count, so the page reads as what people did, not as requests.

export type AuditRow = {
  id: string;
  createdAt: Date;
  actorId: string | null;
  actorEmail: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  detail: unknown;
  ipAddress: string | null;
};

/** One line of the page: `rows` newest first, all of them the same action on the same target by the same person. */
export type AuditGroup = { rows: AuditRow[] };

const isSameView = (a: AuditRow, b: AuditRow) =>
  a.action === "media.viewed" && b.action === "media.viewed" && a.targetId === b.targetId && a.actorId === b.actorId && a.actorEmail === b.actorEmail;

/** Groups consecutive `media.viewed` rows of the same person and file; every other row stands alone. */
export function groupAuditEvents(rows: AuditRow[]): AuditGroup[] {
  const groups: AuditGroup[] = [];
  for (const row of rows) {
    const last = groups.at(-1);
    if (last && isSameView(last.rows[0]!, row)) last.rows.push(row);
    else groups.push({ rows: [row] });
  }
  return groups;
}
