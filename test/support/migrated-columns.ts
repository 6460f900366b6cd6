// The columns of a table as the migrations built it, for tests that hold CareDesk's own SQL
// table definitions (lib/db/define-table.ts) against the migrated databases.
import Database from "better-sqlite3";
import pg from "pg";
import { parseDatabaseUrl } from "@/lib/db/database-url";

/** A column as migrated; `postgresType` only on PostgreSQL (SQLite's declared types are advisory). */
export type Column = { name: string; isRequired: boolean; postgresType?: string };

export async function migratedColumns(url: string, table: string): Promise<Column[]> {
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
