// The inbox's search: the conversations a person may see that match what they typed, best match
// first. A match ranks by where it was found:
//   3. the customer's name or profile name holds every word ("maria gar" finds Maria García);
//   2. the customer's number holds them, or the digits typed ("7700 9001" finds 447700900123);
//   1. one of the conversation's messages holds every word (whole words, case aside).
// Within a rank the newest conversation comes first. Ranks are fixed numbers, not a relevance
// score that shifts as messages arrive, so a page's cursor (rank, time, id) stays exact: the next
// page neither repeats nor skips.
//
// Each rank is one query, run in order until the page is full: a search that finds enough
// customers by name never reads the message index. The queries go through the Prisma client's
// $queryRaw, not lib/db/sql-transaction.ts: its statements are prepared once per connection, and
// PostgreSQL soon plans a prepared statement once for any value, where the best plan for a
// rare word and for a common one differ. The message rank picks its plan by how many
// messages match (search-match-sql.ts): few, and the index lists their conversations; many (a
// common word), and the newest conversations are checked one by one, which stops after a page's worth.
import "server-only";
import type { CurrentUser } from "../auth/current-user";
import { getDb, getDbProvider } from "../db";
import { dateFromSql } from "../db/sql-values";
import { Prisma } from "../generated/sqlite/client";
import { conversationAccessSql, loadConversationReach } from "./conversation-access";
import { SEARCH_CURSOR_PATTERN, type ConversationFilter } from "./conversation-filters";
import { searchMatchSqlOf, type RunSql, type SearchMatchSql } from "./search-match-sql";
import { parseSearchTerms, type SearchTerms } from "./search-terms";

type SearchCursor = { rank: number; at: Date; id: string };
type Hit = { id: string; rank: number; lastMessageAt: Date };
type Rank = { rank: number; matches: () => Promise<Prisma.Sql> };

function decodeSearchCursor(cursor: string | undefined): SearchCursor | undefined {
  if (!cursor || !SEARCH_CURSOR_PATTERN.test(cursor)) return undefined;
  const [rank, ms, id] = cursor.split("_");
  return { rank: Number(rank), at: new Date(Number(ms)), id: id! };
}

/** The inbox's other filters, as conditions on conversation `c`. */
function filterConditions(user: Pick<CurrentUser, "id">, filter: ConversationFilter): Prisma.Sql[] {
  const conditions: Prisma.Sql[] = [];
  if (filter.status !== "all") conditions.push(Prisma.sql`c."status" = ${filter.status}`);
  if (filter.channel) conditions.push(Prisma.sql`c."channel" = ${filter.channel}`);
  if (filter.assigned === "me") conditions.push(Prisma.sql`c."assigneeId" = ${user.id}`);
  if (filter.assigned === "unassigned") conditions.push(Prisma.sql`c."assigneeId" IS NULL`);
  if (filter.inbox) conditions.push(Prisma.sql`c."inboxId" = ${filter.inbox}`);
  if (filter.label) conditions.push(Prisma.sql`EXISTS (SELECT 1 FROM "ConversationLabel" cl WHERE cl."conversationId" = c."id" AND cl."labelId" = ${filter.label})`);
  return conditions;
}

/** The ranks this query can match, best first; each one's condition leaves out the better ranks' matches. */
function ranksFor(terms: SearchTerms, match: SearchMatchSql, run: RunSql): Rank[] {
  const byName = Prisma.sql`c."contactId" IN (${match.contactsByName(terms)})`;
  const byNumber = Prisma.sql`c."contactId" IN (${match.contactsByNumber(terms)})`;
  return [
    { rank: 3, matches: async () => byName },
    { rank: 2, matches: async () => Prisma.sql`${byNumber}${notBetterThan([byName])}` },
    { rank: 1, matches: async () => Prisma.sql`${await match.hasMatchingMessage(terms, run)}${notBetterThan([byName, byNumber])}` },
  ];
}

const notBetterThan = (better: Prisma.Sql[]) => (better.length === 0 ? Prisma.empty : Prisma.sql` AND NOT (${Prisma.join(better, " OR ")})`);

/** Rows after the cursor within `rank`: none of a better rank (shown already), all of a worse one. */
function afterCursor(rank: number, cursor: SearchCursor | undefined): Prisma.Sql | null {
  if (!cursor || rank < cursor.rank) return Prisma.sql`1 = 1`;
  if (rank > cursor.rank) return null;
  return Prisma.sql`(c."lastMessageAt" < ${cursor.at} OR (c."lastMessageAt" = ${cursor.at} AND c."id" < ${cursor.id}))`;
}

/** One page of the conversations `user` may see matching `filter.q` (and the other filters), best first. */
export async function searchConversations(
  user: Pick<CurrentUser, "id" | "role">,
  filter: ConversationFilter & { q: string },
  pageSize: number,
): Promise<{ ids: string[]; nextCursor: string | null }> {
  const terms = parseSearchTerms(filter.q);
  // Nothing searchable typed (only punctuation): nothing matches.
  if (terms.words.length === 0) return { ids: [], nextCursor: null };
  const db = getDb();
  const match = searchMatchSqlOf(getDbProvider());
  const run: RunSql = (statement) => db.$queryRaw<Record<string, unknown>[]>(statement);
  const reach = await loadConversationReach(user);
  const visible = [conversationAccessSql(reach, "c"), ...filterConditions(user, filter)];
  const cursor = decodeSearchCursor(filter.after);

  const hits: Hit[] = [];
  for (const { rank, matches } of ranksFor(terms, match, run)) {
    const after = afterCursor(rank, cursor);
    if (!after) continue;
    const rows = await db.$queryRaw<{ id: string; lastMessageAt: unknown }[]>(
      Prisma.sql`SELECT c."id", c."lastMessageAt" FROM "Conversation" c
        WHERE ${Prisma.join([...visible, after, await matches()], " AND ")}
        ORDER BY c."lastMessageAt" DESC, c."id" DESC
        LIMIT ${pageSize + 1 - hits.length}`,
    );
    hits.push(...rows.map((row) => ({ id: row.id, rank, lastMessageAt: dateFromSql(row.lastMessageAt) })));
    if (hits.length > pageSize) break;
  }
  const page = hits.slice(0, pageSize);
  const last = page.at(-1);
  return {
    ids: page.map((hit) => hit.id),
    nextCursor: hits.length > pageSize && last ? `${last.rank}_${last.lastMessageAt.getTime()}_${last.id}` : null,
  };
}
