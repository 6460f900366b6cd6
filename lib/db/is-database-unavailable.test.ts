import { DriverAdapterError } from "@prisma/driver-adapter-utils";
import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable } from "./is-database-unavailable";

// As the driver adapters throw them: the adapter's error class, with the mapped error as `cause`
// (adapter-better-sqlite3 maps SQLITE_BUSY to SocketTimeout; adapter-pg passes unknown codes on).
const adapterError = (cause: Record<string, unknown>) => new DriverAdapterError(cause as ConstructorParameters<typeof DriverAdapterError>[0]);

describe("isDatabaseUnavailable", () => {
  it.each([
    ["PostgreSQL unreachable", adapterError({ kind: "DatabaseNotReachable" })],
    ["PostgreSQL shutting down (57P01)", adapterError({ kind: "postgres", code: "57P01" })],
    ["PostgreSQL starting up (57P03)", adapterError({ kind: "postgres", code: "57P03" })],
    ["SQLite busy past its timeout", adapterError({ kind: "SocketTimeout" })],
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
