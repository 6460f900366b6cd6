// The inbox's views and how many open conversations in each this person has not read: Mine,
// Unassigned, All, one per inbox they can see and one per label. The counts are one statement of
// conditional aggregates over the conversations conversation-access.ts lets them see, so an agent
// never counts what they cannot open. The layout takes them on every page.
import "server-only";
import type { CurrentUser } from "../auth/current-user";
import { getDb, getDbAdapter } from "../db";
import { querySql } from "../db/sql-transaction";
import { integerFromSql } from "../db/sql-values";
import { Prisma } from "../generated/sqlite/client";
import { listLabels } from "../labels/list-labels";
import { conversationAccessSql, loadConversationReach } from "./conversation-access";

export type ViewCount = { id: string; name: string; unread: number };

export type UnreadViewCounts = {
  mine: number;
  unassigned: number;
  all: number;
  inboxes: ViewCount[];
  labels: (ViewCount & { color: string })[];
};

type CountRow = { view: string; id: string | null; all: unknown; mine: unknown; unassigned: unknown };

/** Joined to "Conversation" c: the person's own read of it, if any. */
function readsOf(user: Pick<CurrentUser, "id">): Prisma.Sql {
  return Prisma.sql`LEFT JOIN "ConversationRead" r ON r."conversationId" = c."id" AND r."userId" = ${user.id}`;
}

/**
 * Open, within `access`, and unread as conversation-row.ts's isUnread decides it: marked unread,
 * or the customer wrote after the person last read it (or ever, when they never did).
 */
function isUnreadOpen(access: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`c."status" = 'open' AND ${access}
    AND (r."isMarkedUnread" = ${true} OR (c."lastInboundAt" IS NOT NULL AND (r."readAt" IS NULL OR c."lastInboundAt" > r."readAt")))`;
}

export async function countUnreadViews(user: Pick<CurrentUser, "id" | "role">): Promise<UnreadViewCounts> {
  const reach = await loadConversationReach(user);
  const db = getDb();
  const access = conversationAccessSql(reach, "c");
  const [inboxes, labels, rows] = await Promise.all([
    db.inbox.findMany({ where: reach.isAll ? {} : { id: { in: [...reach.inboxIds] } }, orderBy: { name: "asc" }, select: { id: true, name: true } }),
    listLabels(),
    // One pass over the conversations, grouped by inbox (every conversation has one, so the totals
    // are the inboxes' sums), and one from the labelled conversations' side (CROSS JOIN keeps
    // SQLite from scanning every conversation for labels; PostgreSQL plans it as any join). A
    // shared CTE read three times took 7–12 ms at 10,000 conversations on SQLite: it was
    // materialized, then indexed for the label join on every page view; these passes take 3 ms.
    querySql<CountRow>(
      await getDbAdapter(),
      Prisma.sql`SELECT 'inbox' AS "view", c."inboxId" AS "id", CAST(COUNT(*) AS INTEGER) AS "all",
            CAST(SUM(CASE WHEN c."assigneeId" = ${user.id} THEN 1 ELSE 0 END) AS INTEGER) AS "mine",
            CAST(SUM(CASE WHEN c."assigneeId" IS NULL THEN 1 ELSE 0 END) AS INTEGER) AS "unassigned"
          FROM "Conversation" c ${readsOf(user)}
          WHERE ${isUnreadOpen(access)}
          GROUP BY c."inboxId"
        UNION ALL
        SELECT 'label', cl."labelId", CAST(COUNT(*) AS INTEGER), 0, 0
          FROM "ConversationLabel" cl CROSS JOIN "Conversation" c ${readsOf(user)}
          WHERE c."id" = cl."conversationId" AND ${isUnreadOpen(access)}
          GROUP BY cl."labelId"`,
    ),
  ]);
  const inboxRows = rows.filter((row) => row.view === "inbox");
  const sum = (column: "all" | "mine" | "unassigned") => inboxRows.reduce((total, row) => total + integerFromSql(row[column]), 0);
  const countOf = (view: string) => new Map(rows.filter((row) => row.view === view).map((row) => [row.id, integerFromSql(row.all)]));
  const byInbox = countOf("inbox");
  const byLabel = countOf("label");
  return {
    mine: sum("mine"),
    unassigned: sum("unassigned"),
    all: sum("all"),
    inboxes: inboxes.map((inbox) => ({ ...inbox, unread: byInbox.get(inbox.id) ?? 0 })),
    labels: labels.map((label) => ({ ...label, unread: byLabel.get(label.id) ?? 0 })),
  };
}
