import { describe, expect, it } from "vitest";
import { Prisma } from "../generated/sqlite/client";
import { defineTable } from "./define-table";
import { dateTime, integer, optionalJson, optionalText, text } from "./sql-dialect";

const NOTE = defineTable("Note", { id: text, position: integer, caption: optionalText, detail: optionalJson, createdAt: dateTime });

describe("defineTable", () => {
  it("lists the columns in the order they are defined", () => {
    expect(NOTE.target.sql).toBe('"Note" ("id", "position", "caption", "detail", "createdAt")');
  });

  it("gives a row's values in the columns' order, whatever order the row names them in", () => {
    const createdAt = new Date("2024-05-01T10:00:00Z");
    const values = NOTE.values({ createdAt, detail: { kind: "reply" }, caption: undefined, position: 2, id: "n1" });
    expect(values.values).toEqual(["n1", 2, null, '{"kind":"reply"}', createdAt]);
    expect(values.sql).toBe("?,?,?,?,?");
    expect(values.text).toBe("$1,$2,$3,$4,$5");
  });

  it("puts an SQL expression in place, as no parameter", () => {
    const values = NOTE.values({ id: Prisma.raw('"id"'), position: 1, caption: "hello", detail: null, createdAt: Prisma.raw('other."createdAt"') });
    expect(values.text).toBe('"id",$1,$2,$3,other."createdAt"');
    expect(values.values).toEqual([1, "hello", null]);
  });
});
