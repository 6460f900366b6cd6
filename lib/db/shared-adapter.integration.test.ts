// SQLite transactions take the write lock when they begin (shared-adapter.ts): a transaction that
// read, then writes after another connection's commit, would otherwise fail with SQLITE_BUSY.
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTempDirectory, type TempDirectory } from "@/test/support/temp-directory";
import { createDb, type Db } from "../db";

describe("a Prisma transaction on SQLite", () => {
  let directory: TempDirectory;
  let db: Db;
  let other: Database.Database;
  beforeAll(async () => {
    directory = makeTempDirectory("caredesk-write-lock");
    const file = path.join(directory.path, "lock.db");
    db = createDb(`file:${file}`);
    await db.$executeRawUnsafe(`CREATE TABLE "Note" ("id" INTEGER PRIMARY KEY, "text" TEXT NOT NULL)`);
    // Another connection to the same file (a CLI script, another process), which never waits.
    other = new Database(file, { timeout: 0 });
  });
  afterAll(async () => {
    other?.close();
    await db?.$disconnect();
    await directory?.remove();
  });

  it("holds the write lock from its start, so a read followed by a write never fails half-way", async () => {
    let othersWrite: unknown = null;
    await db.$transaction(async (tx) => {
      await tx.$queryRawUnsafe(`SELECT count(*) FROM "Note"`);
      // Between this transaction's read and its write, the other connection tries to commit.
      try {
        other.prepare(`INSERT INTO "Note" ("text") VALUES ('from elsewhere')`).run();
      } catch (error) {
        othersWrite = error;
      }
      await tx.$executeRawUnsafe(`INSERT INTO "Note" ("text") VALUES ('from the transaction')`);
    });
    expect((othersWrite as { code?: string } | null)?.code).toBe("SQLITE_BUSY");
    expect(other.prepare(`SELECT "text" FROM "Note"`).all()).toEqual([{ text: "from the transaction" }]);
  });
});
