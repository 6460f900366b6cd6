import { describe, expect, it } from "vitest";
import { containsPattern, fts5ContactQuery, fts5MessageQuery, isTrigramWord, parseSearchTerms, tsqueryMessageQuery } from "./search-terms";

describe("parseSearchTerms", () => {
  it.each([
    ["refund late", { words: ["refund", "late"], digits: null }],
    ["  Al  Smith ", { words: ["Al", "Smith"], digits: null }],
    ["7700 9001", { words: ["7700", "9001"], digits: "77009001" }],
    ["+44 (7700) 900-1", { words: ["+44", "(7700)", "900-1"], digits: "4477009001" }],
    ["order 12345", { words: ["order", "12345"], digits: null }],
    ["12", { words: ["12"], digits: null }],
    ['* - "" ( )', { words: [], digits: null }],
    ["a\u0000b", { words: ["a", "b"], digits: null }],
    ["Zoë 😀 مرحبا", { words: ["Zoë", "مرحبا"], digits: null }],
  ])("reads %j", (query, terms) => {
    expect(parseSearchTerms(query)).toEqual(terms);
  });

  it("tells the words a trigram index finds (3 characters, however many bytes)", () => {
    expect(["Al", "Zoë", "山田", "山田太", "7700"].map(isTrigramWord)).toEqual([false, true, false, true, true]);
  });

  it("keeps at most eight words", () => {
    expect(parseSearchTerms("a b c d e f g h i j").words).toEqual(["a", "b", "c", "d", "e", "f", "g", "h"]);
  });
});

describe("query text", () => {
  it("quotes every word for FTS5, so operators and quotes are text", () => {
    expect(fts5MessageQuery(['say "hi"', "NEAR(x", "*"])).toBe('"say ""hi""" AND "NEAR(x" AND "*"');
    expect(fts5ContactQuery(["ma", 'o"k'], ["name", "profileName"])).toBe('{name profileName} : ("ma" AND "o""k")');
  });

  it("quotes every word for to_tsquery, backslashes and quotes escaped", () => {
    expect(tsqueryMessageQuery(["it's", "a\\b", "x&y|!"])).toBe("'it''s' & 'a\\\\b' & 'x&y|!'");
  });

  it("escapes LIKE wildcards", () => {
    expect(containsPattern("50%_off\\")).toBe("%50\\%\\_off\\\\%");
  });
});
