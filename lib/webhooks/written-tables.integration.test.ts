// Ingestion's own SQL writes the columns of written-tables.ts: the migrated databases must agree
// with those definitions, or a new NOT NULL column would be left to a database default Prisma does
// not expect, or PostgreSQL would read a JSON field as the wrong type.
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseDatabaseUrl } from "../db/database-url";
import { createScratchDatabase, type ScratchDatabase } from "@/test/support/scratch-database";
import { postgresServerUrl, testedProviders } from "@/test/support/providers";
import { WRITTEN_TABLES } from "./written-tables";

/** A column as migrated; `postgresType` only on PostgreSQL (SQLite's declared types are advisory). */
type Column = { name: string; isRequired: boolean; postgresType?: string };

async function migratedColumns(url: string, table: string): Promise<Column[]> {
  const target = parseDatabaseUrl(url);
  if (target.provider === "sqlite") {
    const db = new Database(target.filePath, { readonly: true });
    try {
      return (db.prepare(`PRAGMA table_info("${table}")`).all() as { name: string; notnull: number }[]).map((row) => ({ name: row.name, isRequired: row.notnull === 1 }));
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query<{ name: string; type: string; is_required: boolean }>(
      `SELECT attname AS name, format_type(atttypid, atttypmod) AS type, attnotnull AS is_required
       FROM pg_attribute WHERE attrelid = to_regclass(quote_ident($1)) AND attnum > 0 AND NOT attisdropped`,
      [table],
    );
    return result.rows.map((row) => ({ name: row.name, isRequired: row.is_required, postgresType: row.type.replace(" without time zone", "") }));
  } finally {
    await client.end();
  }
}

describe.each(testedProviders)("the tables ingestion writes, on %s", (provider) => {
  let scratch: ScratchDatabase;
  beforeAll(async () => {
    scratch = await createScratchDatabase(provider, { postgresServerUrl, prefix: "caredesk_columns" });
  });
  afterAll(() => scratch.drop());

  it.each(WRITTEN_TABLES.map((table) => [table.name, table] as const))("%s: every defined column exists, every required one is defined", async (_, table) => {
    const columns = await migratedColumns(scratch.url, table.name);
    const defined = Object.keys(table.columns);
    expect(columns.length).toBeGreaterThan(0);
    expect(defined.filter((name) => !columns.some((column) => column.name === name))).toEqual([]);
    expect(columns.filter((column) => column.isRequired && !defined.includes(column.name)).map((column) => column.name)).toEqual([]);
  });

  it.runIf(provider === "postgresql").each(WRITTEN_TABLES.map((table) => [table.name, table] as const))(
    "%s: each defined column's kind names its PostgreSQL type",
    async (_, table) => {
      const columns = await migratedColumns(scratch.url, table.name);
      const kindTypes = Object.entries(table.columns).map(([name, kind]) => [name, kind.postgresType]);
      expect(kindTypes).toEqual(kindTypes.map(([name]) => [name, columns.find((column) => column.name === name)?.postgresType]));
    },
  );
});
