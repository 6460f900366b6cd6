import { DriverAdapterError } from "@prisma/driver-adapter-utils";
import { describe, expect, it } from "vitest";
import { isPermanentWriteError } from "./is-permanent-write-error";

// As adapter-pg throws them: the adapter's error class, the mapped error (with PostgreSQL's code) as `cause`.
const adapterError = (cause: Record<string, unknown>) => new DriverAdapterError(cause as ConstructorParameters<typeof DriverAdapterError>[0]);

describe("isPermanentWriteError", () => {
  it.each([
    ["a NUL PostgreSQL refuses in jsonb (22P05)", adapterError({ kind: "postgres", code: "22P05", originalCode: "22P05", message: "unsupported Unicode escape sequence" })],
    ["a value too long for its column (22001)", adapterError({ kind: "LengthMismatch", originalCode: "22001" })],
    ["JSON too deep to serialise", new RangeError("Maximum call stack size exceeded")],
    ["either, wrapped", new Error("could not store", { cause: new RangeError("Maximum call stack size exceeded") })],
  ])("%s → permanent", (_, error) => {
    expect(isPermanentWriteError(error)).toBe(true);
  });

  it.each([
    ["PostgreSQL unreachable", adapterError({ kind: "DatabaseNotReachable" })],
    ["a deadlock (40P01)", adapterError({ kind: "postgres", code: "40P01", originalCode: "40P01" })],
    ["a unique violation", adapterError({ kind: "UniqueConstraintViolation", originalCode: "23505" })],
    ["a programming error", new TypeError("x is not a function")],
  ])("%s → not permanent (Vonage retries it)", (_, error) => {
    expect(isPermanentWriteError(error)).toBe(false);
  });
});
