// Values as the driver adapters answer them for CareDesk's own SELECTs (sql-transaction.ts), read
// into what the Prisma client would have given: both adapters answer a date as ISO 8601 text;
// SQLite answers a boolean as 0 or 1 and may answer an integer as a bigint.
import "server-only";

export function dateFromSql(value: unknown): Date {
  if (value instanceof Date) return value;
  if (typeof value !== "string" && typeof value !== "number") throw new TypeError(`Not a date from the database: ${typeof value}`);
  return new Date(value);
}

export function optionalDateFromSql(value: unknown): Date | null {
  return value === null || value === undefined ? null : dateFromSql(value);
}

export function booleanFromSql(value: unknown): boolean {
  if (typeof value === "boolean") return value;
  if (typeof value === "number" || typeof value === "bigint") return Number(value) !== 0;
  throw new TypeError(`Not a boolean from the database: ${typeof value}`);
}

export function integerFromSql(value: unknown): number {
  if (typeof value === "number" || typeof value === "bigint") return Number(value);
  throw new TypeError(`Not an integer from the database: ${typeof value}`);
}

export function optionalIntegerFromSql(value: unknown): number | null {
  return value === null || value === undefined ? null : integerFromSql(value);
}
