// What a person typed in the inbox's search box, read into terms the full-text indexes can take.
// Nothing typed reaches FTS5's or PostgreSQL's query syntax as syntax: every word goes in quoted,
// so quotes, `*`, `-`, `NEAR`, `OR` or parentheses are searched for as text and never fail the query.

/** Trigram indexes find 3 characters and more; a shorter word is checked on the rows they find. */
const MIN_TRIGRAM_WORD_LENGTH = 3;
/** Enough for any real query; bounds the work one query can ask for. */
const MAX_WORDS = 8;

export type SearchTerms = {
  /** The words, each holding at least one letter or digit, as typed (the indexes fold case). */
  words: string[];
  /** The digits of a query that looks like a (partial) phone number, "+44 7700-900 1" → "447700…"; else null. */
  digits: string | null;
};

const HAS_LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const LOOKS_LIKE_NUMBER = /^[\d\s+\-().]+$/;

/** Control and unassigned characters (a NUL would fail PostgreSQL's text), read as spaces. */
const NOT_TEXT = /[\p{Cc}\p{Cn}\p{Cs}]/gu;

export function parseSearchTerms(query: string): SearchTerms {
  const words = query
    .replace(NOT_TEXT, " ")
    .split(/\s+/)
    .filter((word) => HAS_LETTER_OR_DIGIT.test(word))
    .slice(0, MAX_WORDS);
  const digits = query.replace(/\D/g, "");
  return { words, digits: LOOKS_LIKE_NUMBER.test(query) && digits.length >= MIN_TRIGRAM_WORD_LENGTH ? digits : null };
}

/** Whether a trigram index can find `word` (3 characters or more). */
export const isTrigramWord = (word: string) => [...word].length >= MIN_TRIGRAM_WORD_LENGTH;

/** An FTS5 string literal: double quotes doubled, so anything inside is text. */
const fts5String = (text: string) => `"${text.replaceAll('"', '""')}"`;

/**
 * FTS5: messages holding every word, as whole words. Not as prefixes: a prefix query makes FTS5
 * merge the postings of every word it starts, for each lookup, which a common word cannot afford
 * (docs/benchmarks.md, "Search").
 */
export function fts5MessageQuery(words: string[]): string {
  return words.map(fts5String).join(" AND ");
}

/** FTS5 over the trigram contact index: every word inside `columns` (a name, a number). */
export function fts5ContactQuery(words: string[], columns: string[]): string {
  return `{${columns.join(" ")}} : (${words.map(fts5String).join(" AND ")})`;
}

/** A tsquery literal: quotes doubled, backslashes escaped, so to_tsquery reads it as one quoted value. */
const tsqueryString = (text: string) => `'${text.replaceAll("\\", "\\\\").replaceAll("'", "''")}'`;

/** PostgreSQL to_tsquery text: messages holding every word, as whole words (as fts5MessageQuery). */
export function tsqueryMessageQuery(words: string[]): string {
  return words.map(tsqueryString).join(" & ");
}

/** A LIKE pattern matching `text` anywhere, its wildcards escaped (with `ESCAPE '\'`). */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}
