import { describe, expect, it } from "vitest";
import { booleanFromSql, dateFromSql, integerFromSql, optionalDateFromSql, optionalIntegerFromSql } from "./sql-values";

describe("values as the driver adapters answer them", () => {
  it("reads a date from either adapter's text, and a Date as it is", () => {
    const date = new Date("2026-03-04T05:06:07.089Z");
    expect(dateFromSql("2026-03-04T05:06:07.089+00:00")).toEqual(date);
    expect(dateFromSql(date)).toBe(date);
    expect(optionalDateFromSql(null)).toBeNull();
    expect(() => dateFromSql(null)).toThrow(TypeError);
  });

  it("reads SQLite's 0 and 1 and PostgreSQL's booleans alike", () => {
    expect([booleanFromSql(0), booleanFromSql(1), booleanFromSql(0n), booleanFromSql(1n), booleanFromSql(false), booleanFromSql(true)]).toEqual([false, true, false, true, false, true]);
    expect(() => booleanFromSql("true")).toThrow(TypeError);
  });

  it("reads integers whether answered as numbers or bigints", () => {
    expect([integerFromSql(7), integerFromSql(7n), optionalIntegerFromSql(null)]).toEqual([7, 7, null]);
    expect(() => integerFromSql("7")).toThrow(TypeError);
  });
});
