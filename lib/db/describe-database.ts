// A provider-neutral description of a database's structure (tables, columns, indexes, foreign
// keys), used to prove that the migrations build exactly the database the schema describes.
import Database from "better-sqlite3";
import pg from "pg";
import { parseDatabaseUrl } from "./database-url";

export type DatabaseDescription = Record<string, { columns: string[]; indexes: string[]; foreignKeys: string[] }>;

export async function describeDatabase(databaseUrl: string): Promise<DatabaseDescription> {
  const target = parseDatabaseUrl(databaseUrl);
  return target.provider === "sqlite" ? describeSqlite(target.filePath) : describePostgres(target.url);
}

function describeSqlite(filePath: string): DatabaseDescription {
  const db = new Database(filePath, { readonly: true });
  try {
    const tables = db
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations' ORDER BY name`)
      .all() as { name: string }[];
    const description: DatabaseDescription = {};
    for (const { name } of tables) {
      const columns = db.prepare(`SELECT * FROM pragma_table_info(?)`).all(name) as {
        name: string; type: string; notnull: number; dflt_value: string | null; pk: number;
      }[];
      const indexes = db.prepare(`SELECT * FROM pragma_index_list(?)`).all(name) as { name: string; unique: number }[];
      const foreignKeys = db.prepare(`SELECT * FROM pragma_foreign_key_list(?)`).all(name) as {
        table: string; from: string; to: string; on_update: string; on_delete: string;
      }[];
      description[name] = {
        columns: columns.map((c) => `${c.name} ${c.type} ${c.notnull ? "NOT NULL" : "NULL"} default=${c.dflt_value} pk=${c.pk}`),
        indexes: indexes
          .map((index) => {
            const cols = (db.prepare(`SELECT name FROM pragma_index_info(?) ORDER BY seqno`).all(index.name) as { name: string }[])
              .map((c) => c.name)
              .join(",");
            return `${index.name} (${cols})${index.unique ? " UNIQUE" : ""}`;
          })
          .sort(),
        foreignKeys: foreignKeys.map((fk) => `${fk.from} -> ${fk.table}.${fk.to} on update ${fk.on_update} on delete ${fk.on_delete}`).sort(),
      };
    }
    return description;
  } finally {
    db.close();
  }
}

async function describePostgres(url: string): Promise<DatabaseDescription> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows: columns } = await client.query<{ table_name: string; line: string }>(`
      SELECT table_name, column_name || ' ' || data_type || coalesce('(' || datetime_precision || ')', '') || ' ' ||
             CASE WHEN is_nullable = 'NO' THEN 'NOT NULL' ELSE 'NULL' END || ' default=' || coalesce(column_default, 'none') AS line
        FROM information_schema.columns
       WHERE table_schema = current_schema() AND table_name <> '_prisma_migrations'
       ORDER BY table_name, ordinal_position`);
    const { rows: indexes } = await client.query<{ table_name: string; line: string }>(`
      SELECT tablename AS table_name, indexname || ' ' || regexp_replace(indexdef, '^.* USING ', '') AS line
        FROM pg_indexes WHERE schemaname = current_schema() AND tablename <> '_prisma_migrations'
       ORDER BY tablename, indexname`);
    const { rows: foreignKeys } = await client.query<{ table_name: string; line: string }>(`
      SELECT conrelid::regclass::text AS table_name, conname || ' ' || pg_get_constraintdef(oid) AS line
        FROM pg_constraint WHERE contype = 'f' AND connamespace = current_schema()::regnamespace
       ORDER BY 1, 2`);
    const description: DatabaseDescription = {};
    const entry = (table: string) => (description[table.replace(/^"|"$/g, "")] ??= { columns: [], indexes: [], foreignKeys: [] });
    for (const row of columns) entry(row.table_name).columns.push(row.line);
    for (const row of indexes) entry(row.table_name).indexes.push(row.line);
    for (const row of foreignKeys) entry(row.table_name).foreignKeys.push(row.line);
    return description;
  } finally {
    await client.end();
  }
}
