// Where SQLite and PostgreSQL differ, for the SQL CareDesk sends straight to the driver adapter
// (lib/db/sql-transaction.ts and the statements built on it). Code elsewhere asks the dialect
// what it needs to know, and never which database it is talking to.
import "server-only";
import { createHash } from "node:crypto";
import type { SqlDriverAdapter, SqlQuery } from "@prisma/driver-adapter-utils";
import { Prisma } from "../generated/sqlite/client";

/** A value as it is sent to the adapter, which encodes dates and booleans for its database. */
export type SqlParameter = string | number | boolean | Date | null;

/** How a column's values are sent to either database. */
export type ColumnKind<T> = {
  toParameter(value: T): SqlParameter;
  /** Its type where PostgreSQL must be told it (fields of records read from JSON). */
  postgresType: string;
};

/** Any kind of column (a kind's parameter type is checked where its values are given). */
export type AnyColumnKind = ColumnKind<never>;

/** The value a column of this kind takes. */
export type ValueOf<Kind> = Kind extends ColumnKind<infer T> ? T : never;

const asIs = <T extends SqlParameter>(value: T): SqlParameter => value;
const orNull = (value: SqlParameter | undefined): SqlParameter => value ?? null;

export const text: ColumnKind<string> = { toParameter: asIs, postgresType: "text" };
export const optionalText: ColumnKind<string | null | undefined> = { toParameter: orNull, postgresType: "text" };
export const integer: ColumnKind<number> = { toParameter: asIs, postgresType: "integer" };
export const boolean: ColumnKind<boolean> = { toParameter: asIs, postgresType: "boolean" };
export const dateTime: ColumnKind<Date> = { toParameter: asIs, postgresType: "timestamp(3)" };
/** Sent as JSON text: SQLite stores it as text, PostgreSQL parses it into its jsonb column. */
export const optionalJson: ColumnKind<unknown> = {
  toParameter: (value) => (value === null || value === undefined ? null : JSON.stringify(value)),
  postgresType: "jsonb",
};

/**
 * A date as a field of a JSON parameter (jsonRecords) carries it: the text both adapters write for
 * a date (ISO 8601, "+00:00"), so SQLite keeps exactly what the client would have written (dates
 * compare as text there) and PostgreSQL reads it into its timestamp(3) column.
 */
export function dateTimeInJson(date: Date): string {
  return date.toISOString().replace("Z", "+00:00");
}

/** Rows read from a JSON array parameter: the FROM item, and an expression for each field. */
export type JsonRecords<Name extends string> = { from: Prisma.Sql; fields: Record<Name, Prisma.Sql> };

export type SqlDialect = {
  /** The statement's text with this database's placeholders. */
  statementText(statement: Prisma.Sql): string;
  /**
   * A commit blocks the event loop (SQLite's commit waits for the disk on Node's own thread), so
   * transactions that arrive meanwhile share the next commit (group commit, sql-transaction.ts).
   */
  isCommitBlocking: boolean;
  /**
   * One connection serves the whole process (SQLite): a statement sent outside a transaction can
   * run inside another caller's open transaction, and be rolled back with it.
   */
  isConnectionShared: boolean;
  /**
   * INSERT inside WITH (PostgreSQL's data-modifying CTEs): a write to several tables can go as one
   * statement, one network round trip. SQLite has no such thing, and no round trips to save.
   */
  canInsertInWith: boolean;
  /**
   * Ends a SELECT that picks rows to claim: locks them, skipping rows another transaction holds,
   * so instances sharing the database each claim different rows (PostgreSQL). SQLite needs none:
   * its single writer runs one claiming UPDATE at a time.
   */
  skipLockedRows: Prisma.Sql;
  /** The objects of a JSON array, one row each, with these fields. */
  jsonRecords<Name extends string>(json: string, fields: Record<Name, AnyColumnKind>): JsonRecords<Name>;
};

// PostgreSQL parses and plans a statement on every call unless it is named (prepared once per
// connection). Statements sent from here have a few fixed shapes, so they carry a marker and are
// named after their text; the client's own queries, whose shapes are open-ended, are not.
const PREPARED_MARKER = "/* caredesk:prepared */ ";
const preparedNames = new Map<string, string>();

/** For PrismaPg's statementNameGenerator: a name for the statements sent from here, else none. */
export function preparedStatementName(query: Pick<SqlQuery, "sql">): string | undefined {
  if (!query.sql.startsWith(PREPARED_MARKER)) return undefined;
  let name = preparedNames.get(query.sql);
  if (!name) {
    name = `caredesk_${createHash("sha256").update(query.sql).digest("hex").slice(0, 32)}`;
    preparedNames.set(query.sql, name);
  }
  return name;
}

const quoted = (name: string) => `"${name}"`;

const SQLITE: SqlDialect = {
  statementText: (statement) => statement.sql,
  isCommitBlocking: true,
  isConnectionShared: true,
  canInsertInWith: false,
  skipLockedRows: Prisma.empty,
  jsonRecords: (json, fields) => ({
    from: Prisma.sql`json_each(${json})`,
    fields: fieldExpressions(fields, "sqlite", (name) => Prisma.raw(`value ->> '$.${name}'`)),
  }),
};

const POSTGRES: SqlDialect = {
  statementText: (statement) => PREPARED_MARKER + statement.text,
  isCommitBlocking: false,
  isConnectionShared: false,
  canInsertInWith: true,
  skipLockedRows: Prisma.sql`FOR UPDATE SKIP LOCKED`,
  jsonRecords: (json, fields) => ({
    from: Prisma.sql`jsonb_to_recordset(CAST(${json} AS jsonb)) AS ${recordType(fields)}`,
    fields: fieldExpressions(fields, "postgres", (name) => Prisma.raw(`part.${quoted(name)}`)),
  }),
};

// The expressions depend only on the fields, which are constants: built once, not per statement.
const builtExpressions = { sqlite: new WeakMap<object, unknown>(), postgres: new WeakMap<object, unknown>() };
const builtRecordTypes = new WeakMap<object, Prisma.Sql>();

function fieldExpressions<Name extends string>(
  fields: Record<Name, unknown>,
  dialect: keyof typeof builtExpressions,
  expression: (name: string) => Prisma.Sql,
): Record<Name, Prisma.Sql> {
  let built = builtExpressions[dialect].get(fields) as Record<Name, Prisma.Sql> | undefined;
  if (!built) {
    built = Object.fromEntries(Object.keys(fields).map((name) => [name, expression(name)])) as Record<Name, Prisma.Sql>;
    builtExpressions[dialect].set(fields, built);
  }
  return built;
}

/** `part("id" text, "position" integer, …)`: the record jsonb_to_recordset returns. */
function recordType(fields: Record<string, AnyColumnKind>): Prisma.Sql {
  let built = builtRecordTypes.get(fields);
  if (!built) {
    built = Prisma.raw(`part(${Object.entries(fields).map(([name, kind]) => `${quoted(name)} ${kind.postgresType}`).join(", ")})`);
    builtRecordTypes.set(fields, built);
  }
  return built;
}

export function sqlDialectOf(adapter: Pick<SqlDriverAdapter, "provider">): SqlDialect {
  return adapter.provider === "postgres" ? POSTGRES : SQLITE;
}
