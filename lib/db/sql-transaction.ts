// Hand-written SQL sent straight to Prisma's driver adapter, for the hot write paths (webhook
// ingest): the Prisma client adds a fixed cost to every statement, several times what SQLite
// spends running it (`npm run bench` measures it).
//
// Statements are written with Prisma's `sql` tag (its placeholders suit either provider; what else
// differs between the two is in lib/db/sql-dialect.ts), and the adapter encodes dates and booleans
// exactly as it does for the client, so the client reads these rows back like its own.
// Transactions here take the adapter's transaction lock, as the client's transactions do, so on
// SQLite's single connection the two never interleave. (A single client statement outside any
// transaction takes no lock, in Prisma as here.)
import "server-only";
import type { ArgType, SqlDriverAdapter, SqlQuery, Transaction } from "@prisma/driver-adapter-utils";
import type { Prisma } from "../generated/sqlite/client";
import { sqlDialectOf } from "./sql-dialect";

type Row = Record<string, unknown>;

export type SqlTransaction = {
  /** Rows of a SELECT, or of an INSERT/UPDATE … RETURNING, as objects by column name. */
  query<T extends Row = Row>(statement: Prisma.Sql): Promise<T[]>;
  /** Runs a statement; answers how many rows it changed. */
  execute(statement: Prisma.Sql): Promise<number>;
};

/** How long a transaction may wait for the connection (SQLite) or a pooled one, as Prisma's maxWait. */
const TRANSACTION_MAX_WAIT_MS = 2_000;

/** Classified as the database being unavailable (lib/db/is-database-unavailable.ts): a 503. */
class TransactionWaitTimeout extends Error {
  readonly kind = "TransactionStartTimeout";
  constructor(waitedMs: number) {
    super(`Timed out after ${waitedMs} ms waiting for a database transaction: the database is busy.`);
  }
}

function argTypeOf(value: unknown): ArgType {
  const scalar = (scalarType: ArgType["scalarType"]): ArgType => ({ scalarType, arity: "scalar" });
  if (value === null || value === undefined) return scalar("unknown");
  if (value instanceof Date) return scalar("datetime");
  switch (typeof value) {
    case "string":
      return scalar("string");
    case "boolean":
      return scalar("boolean");
    case "number":
      return scalar(Number.isInteger(value) ? "int" : "float");
    case "bigint":
      return scalar("bigint");
    default:
      // Objects would be encoded differently by each adapter: pass JSON as a string.
      throw new TypeError(`Unsupported SQL parameter of type ${typeof value}; pass JSON as a string`);
  }
}

function toQuery(adapter: Pick<SqlDriverAdapter, "provider">, statement: Prisma.Sql): SqlQuery {
  const args = statement.values.map((value) => value ?? null);
  return { sql: sqlDialectOf(adapter).statementText(statement), args, argTypes: args.map(argTypeOf) };
}

function rowsOf<T extends Row>(result: { columnNames: string[]; rows: unknown[][] }): T[] {
  return result.rows.map((values) => Object.fromEntries(result.columnNames.map((name, column) => [name, values[column]])) as T);
}

/** Runs one statement on its own (autocommitted); answers its rows. */
export async function querySql<T extends Row = Row>(adapter: SqlDriverAdapter, statement: Prisma.Sql): Promise<T[]> {
  return rowsOf<T>(await adapter.queryRaw(toQuery(adapter, statement)));
}

/** Runs one statement on its own (autocommitted); answers how many rows it changed. */
export function executeSql(adapter: SqlDriverAdapter, statement: Prisma.Sql): Promise<number> {
  return adapter.executeRaw(toQuery(adapter, statement));
}

const COMMIT = { sql: "COMMIT", args: [], argTypes: [] };
const ROLLBACK = { sql: "ROLLBACK", args: [], argTypes: [] };

async function rollBack(transaction: Transaction) {
  try {
    await transaction.executeRaw(ROLLBACK);
  } catch {
    // The connection is gone or the transaction already ended; the caller's error tells why.
  } finally {
    await transaction.rollback();
  }
}

/** Starts a transaction, or gives up after `maxWaitMs` (and ends the one that starts later). */
async function startTransaction(adapter: SqlDriverAdapter, maxWaitMs: number): Promise<Transaction> {
  const starting = adapter.startTransaction();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TransactionWaitTimeout(maxWaitMs)), maxWaitMs);
  });
  try {
    return await Promise.race([starting, timeout]);
  } catch (error) {
    starting.then(rollBack, () => {});
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/** Runs `work` in a transaction: committed when it returns, rolled back when it throws. */
async function inTransaction<T>(
  adapter: SqlDriverAdapter,
  work: (tx: SqlTransaction, transaction: Transaction) => Promise<T>,
  maxWaitMs = TRANSACTION_MAX_WAIT_MS,
): Promise<T> {
  const transaction = await startTransaction(adapter, maxWaitMs);
  const tx: SqlTransaction = {
    query: async <R extends Row>(statement: Prisma.Sql) => rowsOf<R>(await transaction.queryRaw(toQuery(adapter, statement))),
    execute: (statement) => transaction.executeRaw(toQuery(adapter, statement)),
  };
  let result: T;
  try {
    result = await work(tx, transaction);
    // Both adapters leave COMMIT and ROLLBACK to the caller, as the Prisma client does.
    await transaction.executeRaw(COMMIT);
  } catch (error) {
    await rollBack(transaction);
    throw error;
  }
  await transaction.commit();
  return result;
}

/**
 * Runs `work` in a transaction on `adapter`: committed when it returns, rolled back when it throws
 * (the error is thrown on).
 */
export function runSqlTransaction<T>(
  adapter: SqlDriverAdapter,
  work: (tx: SqlTransaction) => Promise<T>,
  options: { maxWaitMs?: number } = {},
): Promise<T> {
  return inTransaction(adapter, (tx) => work(tx), options.maxWaitMs);
}

// Group commit, on SQLite. Each commit waits for the disk (synchronous=FULL), and better-sqlite3
// waits on the event loop's thread, so nothing else runs meanwhile. Transactions that arrive while
// one commits are run together in the next transaction, each in its own savepoint (one that throws
// is rolled back alone), and every caller is answered once the shared commit is on disk.
// PostgreSQL commits without blocking the event loop, and concurrent transactions there already
// overlap.
type Queued = { work: (tx: SqlTransaction) => Promise<unknown>; queuedAt: number; resolve: (value: unknown) => void; reject: (error: unknown) => void };
type CommitGroup = { queued: Queued[]; isScheduled: boolean };
const commitGroups = new WeakMap<SqlDriverAdapter, CommitGroup>();
/** At most this many transactions share a commit (a bound on how long one holds the connection). */
const GROUP_LIMIT = 64;
const SAVEPOINT = { sql: "SAVEPOINT caredesk_grouped", args: [], argTypes: [] };
const RELEASE = { sql: "RELEASE caredesk_grouped", args: [], argTypes: [] };
const ROLLBACK_TO = { sql: "ROLLBACK TO caredesk_grouped", args: [], argTypes: [] };

type Outcome = { isDone: true; value: unknown } | { isDone: false; error: unknown };

/** Runs each work in its own savepoint of one transaction; answers each one's outcome. */
function inSavepoints(adapter: SqlDriverAdapter, batch: Queued[]): Promise<Outcome[]> {
  return inTransaction(adapter, async (tx, transaction) => {
    const outcomes: Outcome[] = [];
    for (const { work } of batch) {
      await transaction.executeRaw(SAVEPOINT);
      try {
        outcomes.push({ isDone: true, value: await work(tx) });
      } catch (error) {
        try {
          await transaction.executeRaw(ROLLBACK_TO);
        } catch {
          // SQLite ended the whole transaction (disk full, I/O error, busy): the batch fails,
          // with this cause rather than the missing savepoint's.
          throw error;
        }
        outcomes.push({ isDone: false, error });
      }
      await transaction.executeRaw(RELEASE);
    }
    return outcomes;
  });
}

async function commitGroup(adapter: SqlDriverAdapter, group: CommitGroup): Promise<void> {
  // Each caller waits at most as long as an ungrouped transaction would for the connection.
  const waitedTooLong = performance.now() - TRANSACTION_MAX_WAIT_MS;
  const stillWaiting: Queued[] = [];
  for (const queued of group.queued) {
    if (queued.queuedAt < waitedTooLong) queued.reject(new TransactionWaitTimeout(TRANSACTION_MAX_WAIT_MS));
    else stillWaiting.push(queued);
  }
  group.queued = stillWaiting;
  const batch = group.queued.splice(0, GROUP_LIMIT);
  try {
    if (batch.length === 0) return;
    // Alone, it needs no savepoint: the transaction is its own.
    const outcomes = batch.length === 1 ? [{ isDone: true, value: await runSqlTransaction(adapter, batch[0]!.work) } as const] : await inSavepoints(adapter, batch);
    batch.forEach(({ resolve, reject }, index) => {
      const outcome = outcomes[index]!;
      if (outcome.isDone) resolve(outcome.value);
      else reject(outcome.error);
    });
  } catch (error) {
    // The shared transaction failed (could not start, a savepoint or the commit failed): none of
    // the batch is stored, and every caller hears why.
    for (const { reject } of batch) reject(error);
  } finally {
    if (group.queued.length > 0) setImmediate(() => void commitGroup(adapter, group));
    else group.isScheduled = false;
  }
}

/**
 * As runSqlTransaction, but on SQLite shares its commit with the transactions queued meanwhile
 * (group commit, above). `work` must only use `tx`: it may run in a transaction with others.
 */
export function runGroupedSqlTransaction<T>(adapter: SqlDriverAdapter, work: (tx: SqlTransaction) => Promise<T>): Promise<T> {
  if (!sqlDialectOf(adapter).isCommitBlocking) return runSqlTransaction(adapter, work);
  const group = commitGroups.get(adapter) ?? { queued: [], isScheduled: false };
  commitGroups.set(adapter, group);
  const promise = new Promise<T>((resolve, reject) =>
    group.queued.push({ work, queuedAt: performance.now(), resolve: resolve as (value: unknown) => void, reject }),
  );
  if (!group.isScheduled) {
    group.isScheduled = true;
    setImmediate(() => void commitGroup(adapter, group));
  }
  return promise;
}
