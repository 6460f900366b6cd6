import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { derivePostgresSchema, RELATION_JOINS } from "./derive-postgres-schema";

const source = readFileSync(new URL("../../prisma/schema.prisma", import.meta.url), "utf8");

describe("derivePostgresSchema", () => {
  it("switches the provider and the client output, loads relations by joins, and changes nothing else", () => {
    const derived = derivePostgresSchema(source);
    expect(derived).toContain('provider = "postgresql"');
    expect(derived).toContain('output       = "../../lib/generated/postgres"\n' + RELATION_JOINS + "\n");
    expect(derived).not.toContain('"sqlite"');
    const body = (text: string) => text.split("\n").filter((line) => line !== RELATION_JOINS && !/provider|output|^\/\/ GENERATED|^\/\/ Edit/.test(line));
    expect(body(derived)).toEqual(body(source));
  });

  it("is what prisma/postgres/schema.prisma holds", () => {
    const copy = readFileSync(new URL("../../prisma/postgres/schema.prisma", import.meta.url), "utf8");
    expect(copy).toBe(derivePostgresSchema(source));
  });

  it("refuses a source whose provider line it cannot find", () => {
    expect(() => derivePostgresSchema(source.replace('provider = "sqlite"', 'provider = "mysql"'))).toThrow(/must keep/);
  });
});
