import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable } from "./is-database-unavailable";

// Shapes as the driver adapters throw them: DriverAdapterError with the mapped error as `cause`.
const adapterError = (cause: Record<string, unknown>) => Object.assign(new Error("adapter"), { name: "DriverAdapterError", cause });

describe("isDatabaseUnavailable", () => {
  it.each([
    ["PostgreSQL unreachable", adapterError({ kind: "DatabaseNotReachable" })],
    ["PostgreSQL shutting down (57P01)", adapterError({ kind: "postgres", code: "57P01" })],
    ["PostgreSQL starting up (57P03)", adapterError({ kind: "postgres", code: "57P03" })],
    ["SQLite busy", adapterError({ kind: "sqlite", extendedCode: 5, message: "database is locked" })],
    ["a transaction that waited too long", Object.assign(new Error("Timed out after 2000 ms waiting"), { kind: "TransactionStartTimeout" })],
  ])("%s → unavailable", (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ["a unique violation", adapterError({ kind: "UniqueConstraintViolation", constraint: { fields: ["messageUuid"] } })],
    ["a value PostgreSQL refuses (22P05)", adapterError({ kind: "postgres", code: "22P05", message: "unsupported Unicode escape sequence" })],
    ["a programming error", new TypeError("x is not a function")],
  ])("%s → not unavailable", (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
