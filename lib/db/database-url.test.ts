import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseDatabaseUrl } from "./database-url";

describe("parseDatabaseUrl", () => {
  it("resolves a relative SQLite path against the working directory", () => {
    expect(parseDatabaseUrl("file:./data/caredesk.db")).toEqual({
      provider: "sqlite",
      url: "file:./data/caredesk.db",
      filePath: path.resolve("data/caredesk.db"),
    });
  });

  it("recognises both PostgreSQL schemes", () => {
    expect(parseDatabaseUrl("postgres://h/db").provider).toBe("postgresql");
    expect(parseDatabaseUrl("postgresql://h/db").provider).toBe("postgresql");
  });

  it("rejects anything else with the variable's name", () => {
    expect(() => parseDatabaseUrl("mysql://h/db")).toThrow(/DATABASE_URL must start with file:/);
    expect(() => parseDatabaseUrl("file:")).toThrow(/needs a path/);
  });
});
