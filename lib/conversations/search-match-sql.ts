// The inbox search's conditions in each database's own full-text SQL (the indexes come from the
// *_inbox_search migrations): SQLite's FTS5 tables, PostgreSQL's GIN expression indexes. Each
// expression here must be the indexed one, to the character, or the database scans instead.
// This is the one place besides lib/db/sql-dialect.ts that knows which database it talks to:
// full-text search is where the two differ most.
import "server-only";
import type { DatabaseProvider } from "../db/database-url";
import { integerFromSql } from "../db/sql-values";
import { Prisma } from "../generated/sqlite/client";
import { containsPattern, fts5ContactQuery, fts5MessageQuery, isTrigramWord, tsqueryMessageQuery, type SearchTerms } from "./search-terms";

export type SearchMatchSql = {
  /** SELECT of contact ids whose name or profile name holds every word (anywhere, as typed). */
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

/** Each short word (too short for the trigram index) inside one of `columns` of contact `k`. */
const shortWordsIn = (words: string[], columns: string[], like: "LIKE" | "ILIKE") =>
  words
    .filter((word) => !isTrigramWord(word))
    .map((word) => Prisma.sql`(${Prisma.join(columns.map((column) => Prisma.sql`k.${Prisma.raw(`"${column}"`)} ${Prisma.raw(like)} ${containsPattern(word)} ESCAPE '\\'`), " OR ")})`);

/**
 * SQLite: contacts with every word in `columns`: the trigram index finds those holding the longer
 * words, the shorter ones are checked on what it found (or on every contact, when all are short).
 */
function sqliteContactsWith(words: string[], columns: string[]): Prisma.Sql {
  const indexed = words.filter(isTrigramWord);
  const checked = shortWordsIn(words, columns, "LIKE");
  if (indexed.length === 0) return Prisma.sql`SELECT k."id" FROM "Contact" k WHERE ${and(checked)}`;
  return Prisma.sql`SELECT k."id" FROM "ContactSearch" cs JOIN "Contact" k ON k."rowid" = cs."rowid"
    WHERE "ContactSearch" MATCH ${fts5ContactQuery(indexed, columns)}${checked.length > 0 ? Prisma.sql` AND ${and(checked)}` : Prisma.empty}`;
}

const SQLITE: SearchMatchSql = {
  contactsByName: (terms) => sqliteContactsWith(terms.words, ["name", "profileName"]),
  contactsByNumber: (terms) => {
    const byWords = sqliteContactsWith(terms.words, ["address"]);
    if (!terms.digits) return byWords;
    return Prisma.sql`${byWords} UNION ${sqliteContactsWith([terms.digits], ["address"])}`;
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
/**
 * PostgreSQL: every word inside `columns` of contact `k`. The longer words also go against the
 * indexed contact text, which lets the trigram index find the candidates; a word under 3
 * characters would make it read its whole index, so those are only checked on the candidates.
 */
const postgresWordsIn = (words: string[], columns: string[]) =>
  and([
    ...words
      .filter(isTrigramWord)
      .map((word) => Prisma.sql`${contactText} ILIKE ${containsPattern(word)} AND (${Prisma.join(columns.map((column) => Prisma.sql`k.${Prisma.raw(`"${column}"`)} ILIKE ${containsPattern(word)}`), " OR ")})`),
    ...shortWordsIn(words, columns, "ILIKE"),
  ]);

const POSTGRES: SearchMatchSql = {
  contactsByName: (terms) => Prisma.sql`SELECT k."id" FROM "Contact" k WHERE ${postgresWordsIn(terms.words, ["name", "profileName"])}`,
  contactsByNumber: (terms) => {
    const byWords = postgresWordsIn(terms.words, ["address"]);
    return Prisma.sql`SELECT k."id" FROM "Contact" k WHERE (${byWords})${terms.digits ? Prisma.sql` OR (${postgresWordsIn([terms.digits], ["address"])})` : Prisma.empty}`;
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
