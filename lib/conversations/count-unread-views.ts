// The inbox's views and how many open conversations in each this person has not read: Mine,
// Unassigned, All, one per inbox they can see and one per label. The counts are one statement of
// conditional aggregates over the conversations conversation-access.ts lets them see, so an agent
// never counts what they cannot open.
import "server-only";
import type { CurrentUser } from "../auth/current-user";
import { getDb, getDbAdapter } from "../db";
import { querySql } from "../db/sql-transaction";
import { integerFromSql } from "../db/sql-values";
import { Prisma } from "../generated/sqlite/client";
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

/**
 * Unread as conversation-row.ts's isUnread decides it, in SQL: marked unread, or the customer wrote
 * after the person last read it (or ever, when they never did).
 */
function unreadOpenConversations(user: Pick<CurrentUser, "id">, access: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`SELECT c."id", c."assigneeId", c."inboxId"
    FROM "Conversation" c
      LEFT JOIN "ConversationRead" r ON r."conversationId" = c."id" AND r."userId" = ${user.id}
    WHERE c."status" = 'open' AND ${access}
      AND (r."isMarkedUnread" = ${true} OR (c."lastInboundAt" IS NOT NULL AND (r."readAt" IS NULL OR c."lastInboundAt" > r."readAt")))`;
}

export async function countUnreadViews(user: Pick<CurrentUser, "id" | "role">): Promise<UnreadViewCounts> {
  const reach = await loadConversationReach(user);
  const db = getDb();
  const [inboxes, labels, rows] = await Promise.all([
    db.inbox.findMany({ where: reach.isAll ? {} : { id: { in: [...reach.inboxIds] } }, orderBy: { name: "asc" }, select: { id: true, name: true } }),
    db.label.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true, color: true } }),
    querySql<CountRow>(
      await getDbAdapter(),
      Prisma.sql`WITH "unread" AS (${unreadOpenConversations(user, conversationAccessSql(reach, "c"))})
        SELECT 'totals' AS "view", NULL AS "id", CAST(COUNT(*) AS INTEGER) AS "all",
            CAST(COALESCE(SUM(CASE WHEN "assigneeId" = ${user.id} THEN 1 ELSE 0 END), 0) AS INTEGER) AS "mine",
            CAST(COALESCE(SUM(CASE WHEN "assigneeId" IS NULL THEN 1 ELSE 0 END), 0) AS INTEGER) AS "unassigned"
          FROM "unread"
        UNION ALL
        SELECT 'inbox', "inboxId", CAST(COUNT(*) AS INTEGER), 0, 0 FROM "unread" GROUP BY "inboxId"
        UNION ALL
        SELECT 'label', cl."labelId", CAST(COUNT(*) AS INTEGER), 0, 0
          FROM "unread" u JOIN "ConversationLabel" cl ON cl."conversationId" = u."id"
          GROUP BY cl."labelId"`,
    ),
  ]);
  const totals = rows.find((row) => row.view === "totals")!;
  const countOf = (view: string) => new Map(rows.filter((row) => row.view === view).map((row) => [row.id, integerFromSql(row.all)]));
  const byInbox = countOf("inbox");
  const byLabel = countOf("label");
  return {
    mine: integerFromSql(totals.mine),
    unassigned: integerFromSql(totals.unassigned),
    all: integerFromSql(totals.all),
    inboxes: inboxes.map((inbox) => ({ ...inbox, unread: byInbox.get(inbox.id) ?? 0 })),
    labels: labels.map((label) => ({ ...label, unread: byLabel.get(label.id) ?? 0 })),
  };
}
