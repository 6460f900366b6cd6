import { describe, expect, it } from "vitest";
import { Prisma } from "../generated/sqlite/client";
import { integer, optionalText, preparedStatementName, sqlDialectOf, text } from "./sql-dialect";

const sqlite = sqlDialectOf({ provider: "sqlite" });
const postgres = sqlDialectOf({ provider: "postgres" });
const statement = Prisma.sql`SELECT "id" FROM "Message" WHERE "messageUuid" = ${"uuid-1"}`;

describe("sqlDialectOf", () => {
  it("writes SQLite's placeholders, and PostgreSQL's in a statement it prepares", () => {
    expect(sqlite.statementText(statement)).toBe('SELECT "id" FROM "Message" WHERE "messageUuid" = ?');
    const postgresText = postgres.statementText(statement);
    expect(postgresText).toMatch(/"messageUuid" = \$1$/);
    expect(preparedStatementName({ sql: postgresText })).toMatch(/^caredesk_[0-9a-f]{32}$/);
    expect(preparedStatementName({ sql: postgresText })).toBe(preparedStatementName({ sql: postgres.statementText(statement) }));
    expect(preparedStatementName({ sql: sqlite.statementText(statement) })).toBeUndefined();
  });

  it("reads records from a JSON array parameter in each database's own way", () => {
    const fields = { id: text, position: integer, caption: optionalText };
    const onSqlite = sqlite.jsonRecords("[]", fields);
    expect(onSqlite.from.sql).toBe("json_each(?)");
    expect(onSqlite.fields.position.sql).toBe("value ->> '$.position'");
    const onPostgres = postgres.jsonRecords("[]", fields);
    expect(onPostgres.from.text).toBe('jsonb_to_recordset(CAST($1 AS jsonb)) AS part("id" text, "position" integer, "caption" text)');
    expect(onPostgres.fields.caption.text).toBe('part."caption"');
    expect([onSqlite.from.values, onPostgres.from.values]).toEqual([["[]"], ["[]"]]);
  });
});
