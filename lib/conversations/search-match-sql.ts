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

/** Runs one statement on the caller's connection (the Prisma client's $queryRaw) and answers its rows. */
export type RunSql = (statement: Prisma.Sql) => Promise<Record<string, unknown>[]>;

export type SearchMatchSql = {
  /** SELECT of contact ids whose name or profile name holds every word (anywhere, as typed). */
  contactsByName(terms: SearchTerms): Prisma.Sql;
  /** SELECT of contact ids whose address holds every word, or the typed digits. */
  contactsByNumber(terms: SearchTerms): Prisma.Sql;
  /**
   * A condition on conversation `c`: one of its messages holds every word (whole words, case
   * aside). Its plan depends on how many messages match, which it asks first through `run`.
   */
  hasMatchingMessage(terms: SearchTerms, run: RunSql): Promise<Prisma.Sql>;
};

/**
 * The message condition's plans by how many messages match: up to the first bound, the index
 * lists their conversations (reading a message's conversation costs microseconds each); up to the
 * second, SQLite checks the newest conversations against the set of matches read once, and
 * PostgreSQL lists them too (its plan below); past it (a word in most conversations), each newest
 * conversation's own messages are checked in turn, which finds a page within its first few dozen
 * conversations. There a message's text must first hold each (plain-letter) word as a LIKE
 * substring, which costs far less than asking the full-text index, and only those are asked of it.
 */
const LISTED_MATCHES_AT_MOST = 1_000;
const SET_OF_MATCHES_AT_MOST = 5_000;

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
  // FTS5 counts the matches and stops at the cap: a millisecond's work, even for a common word.
  hasMatchingMessage: async (terms, run) => {
    const query = fts5MessageQuery(terms.words);
    const [counted] = await run(
      Prisma.sql`SELECT COUNT(*) AS "count" FROM (SELECT 1 FROM "MessageSearch" WHERE "MessageSearch" MATCH ${query} LIMIT ${SET_OF_MATCHES_AT_MOST + 1}) found`,
    );
    const matches = integerFromSql(counted!.count);
    if (matches <= LISTED_MATCHES_AT_MOST) {
      return Prisma.sql`c."id" IN (SELECT m."conversationId" FROM "MessageSearch" s JOIN "Message" m ON m."rowid" = s."rowid" WHERE "MessageSearch" MATCH ${query})`;
    }
    if (matches <= SET_OF_MATCHES_AT_MOST) {
      return Prisma.sql`EXISTS (SELECT 1 FROM "Message" m WHERE m."conversationId" = c."id"
        AND m."rowid" IN (SELECT "rowid" FROM "MessageSearch" WHERE "MessageSearch" MATCH ${query}))`;
    }
    // CROSS JOIN keeps the conversation's messages outside: each is then looked up in the index by
    // rowid, rather than the whole index's matches being read for every conversation.
    return Prisma.sql`EXISTS (SELECT 1 FROM "Message" m CROSS JOIN "MessageSearch" s
      WHERE m."conversationId" = c."id" AND ${textHoldsWords(terms.words, "LIKE")}s."rowid" = m."rowid" AND s."MessageSearch" MATCH ${query})`;
  },
};

// The indexed expressions of the PostgreSQL migration.
const messageVector = Prisma.sql`to_tsvector('simple'::regconfig, COALESCE(m."text", ''))`;
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
  hasMatchingMessage: async (terms, run) => {
    const matching = Prisma.sql`FROM "Message" m WHERE ${messageVector} @@ ${messageQuery(terms)}`;
    // A count would read every match (a GIN index has no early stop), so the planner's estimate
    // (EXPLAIN, from the statistics ANALYZE keeps on the indexed expression) says first whether
    // they are few. It is close for a common word, but a word outside the statistics counts as in
    // up to 0.5 % of messages, and words as independent: "order 123456" on a desk with "order" in
    // every message is 5,000 at a million, where one message matches.
    const [explained] = await run(Prisma.sql`EXPLAIN (FORMAT JSON) SELECT 1 ${matching}`);
    const estimate = (explained!["QUERY PLAN"] as { Plan: { "Plan Rows": number } }[])[0]!.Plan["Plan Rows"];
    if (estimate <= SET_OF_MATCHES_AT_MOST) {
      // So the matches are listed here, up to the cap, and their conversations go into the
      // condition as one array value: a subquery would be planned from the same estimate, and
      // with 5,000 expected matches PostgreSQL checked the newest conversations' messages one at
      // a time (seconds when few or none match). The GIN index answers the words together: a
      // rare word lets it skip through a common one's list, so this reads about what the rare
      // word's own list holds.
      const [listed] = await run(
        Prisma.sql`SELECT COALESCE(array_agg(DISTINCT found."conversationId"), '{}') AS "conversationIds", COUNT(*) AS "matches"
          FROM (SELECT m."conversationId" ${matching} LIMIT ${SET_OF_MATCHES_AT_MOST + 1}) found`,
      );
      if (integerFromSql(listed!.matches) <= SET_OF_MATCHES_AT_MOST) return Prisma.sql`c."id" = ANY(${listed!.conversationIds as string[]}::text[])`;
    }
    // A check per conversation, which PostgreSQL would otherwise rewrite into the plan this one
    // exists to avoid (reading every match): OFFSET 0 keeps the EXISTS from becoming a join, and
    // the vector is deliberately not the indexed expression (no COALESCE: NULL text matches
    // nothing either way), or each check would read the index's whole list for the word.
    return Prisma.sql`EXISTS (SELECT 1 FROM "Message" m WHERE m."conversationId" = c."id" AND ${textHoldsWords(terms.words, "ILIKE")}to_tsvector('simple'::regconfig, m."text") @@ ${messageQuery(terms)} OFFSET 0)`;
  },
};

export function searchMatchSqlOf(provider: DatabaseProvider): SearchMatchSql {
  return provider === "postgresql" ? POSTGRES : SQLITE;
}
