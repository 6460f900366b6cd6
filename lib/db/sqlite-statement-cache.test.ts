// The statement cache under Prisma's real better-sqlite3 adapter, on a real SQLite file: each SQL
// text is prepared once however often it runs, with each call's own arguments, in and out of
// transactions; the least recently used text goes first when the cache is full.
import path from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import type { ArgType, SqlDriverAdapter, SqlQuery } from "@prisma/driver-adapter-utils";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeTempDirectory, type TempDirectory } from "@/test/support/temp-directory";
import { betterSqlite3Connection, cacheStatements } from "./sqlite-statement-cache";

const INT: ArgType = { arity: "scalar", scalarType: "int" };
const STRING: ArgType = { arity: "scalar", scalarType: "string" };
const insert = (id: number, name: string): SqlQuery => ({ sql: `INSERT INTO "Item" ("id", "name") VALUES (?, ?)`, args: [id, name], argTypes: [INT, STRING] });
const select = (id: number): SqlQuery => ({ sql: `SELECT "name" FROM "Item" WHERE "id" = ?`, args: [id], argTypes: [INT] });
const plain = (sql: string): SqlQuery => ({ sql, args: [], argTypes: [] });
const count: SqlQuery = { sql: `SELECT COUNT(*) AS "n" FROM "Item"`, args: [], argTypes: [] };

describe("cacheStatements", () => {
  let directory: TempDirectory;
  let adapter: SqlDriverAdapter;
  let prepared: string[];

  async function connect(capacity?: number) {
    adapter = await new PrismaBetterSqlite3({ url: path.join(directory.path, "cache.db") }).connect();
    const connection = betterSqlite3Connection(adapter);
    const prepare = connection.prepare.bind(connection);
    // Counts what reaches SQLite's own prepare, under the cache.
    connection.prepare = ((sql: string) => {
      prepared.push(sql);
      return prepare(sql);
    }) as typeof connection.prepare;
    cacheStatements(connection, capacity);
    await adapter.executeScript(`CREATE TABLE "Item" ("id" INTEGER PRIMARY KEY, "name" TEXT NOT NULL)`);
  }

  beforeEach(() => {
    directory = makeTempDirectory("caredesk-statement-cache");
    prepared = [];
  });
  afterEach(async () => {
    await adapter?.dispose();
    await directory.remove();
  });

  it("prepares each SQL text once and runs it with each call's own arguments", async () => {
    await connect();
    for (const [id, name] of [[1, "Ines"], [2, "Priya"], [3, "Tomás"]] as const) await adapter.executeRaw(insert(id, name));
    const names = [];
    for (const id of [3, 1, 2, 1]) names.push((await adapter.queryRaw(select(id))).rows[0]?.[0]);
    expect(names).toEqual(["Tomás", "Ines", "Priya", "Ines"]);
    expect((await adapter.queryRaw(select(9))).rows).toEqual([]);
    expect((await adapter.queryRaw(count)).rows).toEqual([[3]]);
    expect(prepared.filter((sql) => sql === insert(0, "").sql)).toHaveLength(1);
    expect(prepared.filter((sql) => sql === select(0).sql)).toHaveLength(1);
  });

  it("runs transactions on cached statements: a rollback undoes, a commit keeps", async () => {
    await connect();
    // As Prisma's client does: the adapter begins, the client sends COMMIT or ROLLBACK itself.
    const rolledBack = await adapter.startTransaction();
    await rolledBack.executeRaw(insert(1, "gone"));
    await rolledBack.executeRaw(plain("ROLLBACK"));
    await rolledBack.rollback();
    const committed = await adapter.startTransaction();
    await committed.executeRaw(insert(2, "kept"));
    await committed.executeRaw(plain("COMMIT"));
    await committed.commit();
    expect((await adapter.queryRaw(count)).rows).toEqual([[1]]);
    expect((await adapter.queryRaw(select(2))).rows).toEqual([["kept"]]);
    expect(prepared.filter((sql) => sql === "BEGIN")).toHaveLength(1);
  });

  it("reports a failing statement as the adapter does, and the next call works", async () => {
    await connect();
    await adapter.executeRaw(insert(1, "Ines"));
    await expect(adapter.executeRaw(insert(1, "again"))).rejects.toMatchObject({ name: "DriverAdapterError" });
    await adapter.executeRaw(insert(2, "Priya"));
    expect((await adapter.queryRaw(count)).rows).toEqual([[2]]);
  });

  it("keeps the most recently used texts when full, preparing an evicted one again", async () => {
    await connect(2);
    await adapter.executeRaw(insert(1, "Ines"));
    await adapter.queryRaw(select(1));
    await adapter.queryRaw(count); // evicts the insert, used least recently
    await adapter.queryRaw(select(1));
    await adapter.executeRaw(insert(2, "Priya"));
    expect(prepared.filter((sql) => sql === insert(0, "").sql)).toHaveLength(2);
    expect(prepared.filter((sql) => sql === select(0).sql)).toHaveLength(1);
  });
});
