// SQLITE_BUSY_TIMEOUT_MS through CareDesk's own client, on a real SQLite file: a write waits that
// long while another process holds the file's write lock, then fails (which a webhook answers
// with 503), and writes again once the lock is gone. The default, 10 s, would outlast the bound.
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeTempDirectory, type TempDirectory } from "@/test/support/temp-directory";
import { createDb, type Db } from "../db";
import { reloadEnv } from "../env";

const BUSY_TIMEOUT_MS = 300;

describe("SQLITE_BUSY_TIMEOUT_MS", () => {
  let directory: TempDirectory;
  let db: Db | undefined;
  let locker: Database.Database | undefined;

  beforeEach(() => {
    directory = makeTempDirectory("caredesk-busy-timeout");
    process.env.SQLITE_BUSY_TIMEOUT_MS = String(BUSY_TIMEOUT_MS);
    reloadEnv();
  });
  afterEach(async () => {
    locker?.close();
    await db?.$disconnect();
    delete process.env.SQLITE_BUSY_TIMEOUT_MS;
    reloadEnv();
    await directory.remove();
  });

  it("makes a write wait that long for another process's lock, then fail; it writes once the lock is gone", async () => {
    const file = path.join(directory.path, "busy.db");
    db = createDb(`file:${file}`);
    await db.$executeRawUnsafe(`CREATE TABLE "Item" ("id" INTEGER PRIMARY KEY)`);
    // Another process holding the write lock: a backup, a migration.
    locker = new Database(file, { timeout: 0 });
    locker.exec("BEGIN EXCLUSIVE");

    const startedAt = performance.now();
    await expect(db.$executeRawUnsafe(`INSERT INTO "Item" ("id") VALUES (1)`)).rejects.toThrow(/locked|busy/i);
    const waited = performance.now() - startedAt;
    expect(waited).toBeGreaterThanOrEqual(BUSY_TIMEOUT_MS - 50);
    expect(waited).toBeLessThan(5_000);

    locker.exec("ROLLBACK");
    await db.$executeRawUnsafe(`INSERT INTO "Item" ("id") VALUES (1)`);
    expect(await db.$queryRawUnsafe(`SELECT "id" FROM "Item"`)).toEqual([{ id: 1 }]);
  });
});
