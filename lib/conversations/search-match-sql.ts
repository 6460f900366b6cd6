// The inbox search's conditions in each database's own full-text SQL (the indexes come from the
// *_inbox_search migrations): SQLite's FTS5 tables, PostgreSQL's GIN expression indexes. Each
// expression here must be the indexed one, to the character, or the database scans instead.
// This is the one place besides lib/db/sql-dialect.ts that knows which database it talks to:
// full-text search is where the two differ most.
import "server-only";
import type { DatabaseProvider } from "../db/database-url";
import { integerFromSql } from "../db/sql-values";
import { Prisma } from "../generated/sqlite/client";
import { containsPattern, fts5ContactQuery, fts5MessageQuery, tsqueryMessageQuery, type SearchTerms } from "./search-terms";

export type SearchMatchSql = {
  /** SELECT of contact ids whose name or profile name holds every word. */
  contactsByName(terms: SearchTerms): Prisma.Sql;
  /** SELECT of contact ids whose address holds every word, or the typed digits. */
  contactsByNumber(terms: SearchTerms): Prisma.Sql;
  /**
   * About how many messages hold every word, to choose a plan: SQLite counts them (up to `atMost`,
   * a millisecond's work); PostgreSQL's count would read every match (its GIN index has no
   * early stop), so its planner's estimate is asked instead (EXPLAIN, from the statistics ANALYZE
   * keeps on the indexed expression: within a few percent for common words, where it matters).
   */
  countMatchingMessages(terms: SearchTerms, atMost: number): { statement: Prisma.Sql; read(rows: Record<string, unknown>[]): number };
  /** SELECT of the conversation id of every message holding every word (the index drives). */
  conversationsWithMatchingMessage(terms: SearchTerms): Prisma.Sql;
  /** A condition on conversation `c`: one of its messages is among those holding every word (read once). */
  hasMessageAmongMatches(terms: SearchTerms): Prisma.Sql;
  /**
   * A condition on conversation `c`: one of its messages holds every word. Its messages are read
   * in turn; a message's text must first hold each (plain-letter) word as a LIKE substring, which
   * costs far less than asking the full-text index, and only those are then asked of the index.
   */
  hasMatchingMessage(terms: SearchTerms): Prisma.Sql;
};

const and = (conditions: Prisma.Sql[]) => Prisma.join(conditions, " AND ");

/**
 * `m."text"` holds the letters and digits of every word, wherever the index would find the word:
 * the index's words are runs of letters and digits, case folded (neither index folds accents).
 * Only plain-ASCII runs are checked, the ones whose case SQLite's LIKE folds.
 */
function textHoldsWords(words: string[], like: "LIKE" | "ILIKE"): Prisma.Sql {
  const runs = words.flatMap((word) => word.match(/[\p{L}\p{N}]+/gu) ?? []).filter((run) => /^[\x21-\x7e]+$/.test(run));
  if (runs.length === 0) return Prisma.empty;
  return Prisma.join(
    runs.map((run) => Prisma.sql`m."text" ${Prisma.raw(like)} ${containsPattern(run)} ESCAPE '\\'`),
    " AND ",
    "",
    " AND ",
  );
}

const SQLITE: SearchMatchSql = {
  contactsByName: (terms) =>
    Prisma.sql`SELECT k."id" FROM "ContactSearch" cs JOIN "Contact" k ON k."rowid" = cs."rowid"
      WHERE "ContactSearch" MATCH ${fts5ContactQuery(terms.contactWords, ["name", "profileName"])}`,
  contactsByNumber: (terms) => {
    const queries = [
      ...(terms.contactWords.length > 0 ? [fts5ContactQuery(terms.contactWords, ["address"])] : []),
      ...(terms.digits ? [fts5ContactQuery([terms.digits], ["address"])] : []),
    ];
    return Prisma.sql`SELECT k."id" FROM "ContactSearch" cs JOIN "Contact" k ON k."rowid" = cs."rowid"
      WHERE "ContactSearch" MATCH ${queries.join(" OR ")}`;
  },
  countMatchingMessages: (terms, atMost) => ({
    statement: Prisma.sql`SELECT COUNT(*) AS "count" FROM (SELECT 1 FROM "MessageSearch" WHERE "MessageSearch" MATCH ${fts5MessageQuery(terms.words)} LIMIT ${atMost}) found`,
    read: (rows) => integerFromSql(rows[0]!.count),
  }),
  conversationsWithMatchingMessage: (terms) =>
    Prisma.sql`SELECT m."conversationId" FROM "MessageSearch" s JOIN "Message" m ON m."rowid" = s."rowid"
      WHERE "MessageSearch" MATCH ${fts5MessageQuery(terms.words)}`,
  hasMessageAmongMatches: (terms) =>
    Prisma.sql`EXISTS (SELECT 1 FROM "Message" m WHERE m."conversationId" = c."id"
      AND m."rowid" IN (SELECT "rowid" FROM "MessageSearch" WHERE "MessageSearch" MATCH ${fts5MessageQuery(terms.words)}))`,
  // CROSS JOIN keeps the conversation's messages outside: each is then looked up in the index by
  // rowid, rather than the whole index's matches being read for every conversation.
  hasMatchingMessage: (terms) =>
    Prisma.sql`EXISTS (SELECT 1 FROM "Message" m CROSS JOIN "MessageSearch" s
      WHERE m."conversationId" = c."id" AND ${textHoldsWords(terms.words, "LIKE")}s."rowid" = m."rowid" AND s."MessageSearch" MATCH ${fts5MessageQuery(terms.words)})`,
};

// The indexed expressions of the PostgreSQL migration.
const messageVector = (alias: "m" | "found") => Prisma.sql`to_tsvector('simple'::regconfig, COALESCE(${Prisma.raw(alias)}."text", ''))`;
const contactText = Prisma.sql`(COALESCE(k."name", '') || ' ' || COALESCE(k."profileName", '') || ' ' || k."address")`;
const messageQuery = (terms: SearchTerms) => Prisma.sql`to_tsquery('simple'::regconfig, ${tsqueryMessageQuery(terms.words)})`;
/** Every word in the indexed contact text (the index finds candidates), and in `column` (the check). */
const wordsIn = (words: string[], column: Prisma.Sql) =>
  and(words.flatMap((word) => [Prisma.sql`${contactText} ILIKE ${containsPattern(word)}`, Prisma.sql`${column} ILIKE ${containsPattern(word)}`]));

const POSTGRES: SearchMatchSql = {
  contactsByName: (terms) =>
    Prisma.sql`SELECT k."id" FROM "Contact" k WHERE ${wordsIn(terms.contactWords, Prisma.sql`(COALESCE(k."name", '') || ' ' || COALESCE(k."profileName", ''))`)}`,
  contactsByNumber: (terms) => {
    const conditions = [
      ...(terms.contactWords.length > 0 ? [Prisma.sql`(${wordsIn(terms.contactWords, Prisma.sql`k."address"`)})`] : []),
      ...(terms.digits ? [Prisma.sql`(${wordsIn([terms.digits], Prisma.sql`k."address"`)})`] : []),
    ];
    return Prisma.sql`SELECT k."id" FROM "Contact" k WHERE ${Prisma.join(conditions, " OR ")}`;
  },
  countMatchingMessages: (terms) => ({
    statement: Prisma.sql`EXPLAIN (FORMAT JSON) SELECT 1 FROM "Message" m WHERE ${messageVector("m")} @@ ${messageQuery(terms)}`,
    read: (rows) => (rows[0]!["QUERY PLAN"] as { Plan: { "Plan Rows": number } }[])[0]!.Plan["Plan Rows"],
  }),
  conversationsWithMatchingMessage: (terms) => Prisma.sql`SELECT m."conversationId" FROM "Message" m WHERE ${messageVector("m")} @@ ${messageQuery(terms)}`,
  hasMessageAmongMatches: (terms) =>
    Prisma.sql`EXISTS (SELECT 1 FROM "Message" m WHERE m."conversationId" = c."id"
      AND m."id" IN (SELECT found."id" FROM "Message" found WHERE ${messageVector("found")} @@ ${messageQuery(terms)}))`,
  hasMatchingMessage: (terms) =>
    // A check per conversation, which PostgreSQL would otherwise rewrite into the plan this one
    // exists to avoid (reading every match): OFFSET 0 keeps the EXISTS from becoming a join, and
    // the vector is deliberately not the indexed expression (no COALESCE: NULL text matches
    // nothing either way), or each check would read the index's whole list for the word.
    Prisma.sql`EXISTS (SELECT 1 FROM "Message" m WHERE m."conversationId" = c."id" AND ${textHoldsWords(terms.words, "ILIKE")}to_tsvector('simple'::regconfig, m."text") @@ ${messageQuery(terms)} OFFSET 0)`,
};

export function searchMatchSqlOf(provider: DatabaseProvider): SearchMatchSql {
  return provider === "postgresql" ? POSTGRES : SQLITE;
}
