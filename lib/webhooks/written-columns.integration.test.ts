// Ingestion's own SQL lists its columns by hand: the migrated databases must agree with the lists,
// or a new NOT NULL column would be left to a database default Prisma does not expect.
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseDatabaseUrl } from "../db/database-url";
import { createScratchDatabase, type ScratchDatabase } from "../../test/support/scratch-database";
import { postgresServerUrl, testedProviders } from "../../test/support/providers";
import { WRITTEN_COLUMNS, type WrittenTable } from "./written-columns";

type Column = { name: string; isRequired: boolean };

async function columnsOf(url: string, table: string): Promise<Column[]> {
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
    const result = await client.query<{ column_name: string; is_nullable: string }>(
      "SELECT column_name, is_nullable FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1",
      [table],
    );
    return result.rows.map((row) => ({ name: row.column_name, isRequired: row.is_nullable === "NO" }));
  } finally {
    await client.end();
  }
}

describe.each(testedProviders)("the columns ingestion writes, on %s", (provider) => {
  let scratch: ScratchDatabase;
  beforeAll(async () => {
    scratch = await createScratchDatabase(provider, { postgresServerUrl, prefix: "caredesk_columns" });
  });
  afterAll(() => scratch.drop());

  it.each(Object.keys(WRITTEN_COLUMNS) as WrittenTable[])("%s: every listed column exists, every required one is listed", async (table) => {
    const columns = await columnsOf(scratch.url, table);
    const written: readonly string[] = WRITTEN_COLUMNS[table];
    expect(columns.length).toBeGreaterThan(0);
    expect(written.filter((name) => !columns.some((column) => column.name === name))).toEqual([]);
    expect(columns.filter((column) => column.isRequired && !written.includes(column.name)).map((column) => column.name)).toEqual([]);
  });
});
