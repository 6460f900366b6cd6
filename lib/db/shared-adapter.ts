// One driver adapter (one SQLite connection, or one PostgreSQL pool) shared by the Prisma client
// and by the few hot paths that send SQL to the adapter directly (lib/db/sql-transaction.ts).
// Sharing matters on SQLite: a second connection would wait for the write lock synchronously,
// blocking the event loop that the client's open transaction needs to finish; on one connection
// the adapter's transaction lock keeps the client's transactions and these apart.
import type { SqlDriverAdapter, SqlDriverAdapterFactory, Transaction } from "@prisma/driver-adapter-utils";

export class SharedAdapterFactory implements SqlDriverAdapterFactory {
  readonly provider: SqlDriverAdapterFactory["provider"];
  readonly adapterName: string;
  readonly #inner: SqlDriverAdapterFactory;
  readonly #onConnect: (adapter: SqlDriverAdapter) => Promise<void>;
  #connected: Promise<SqlDriverAdapter> | undefined;

  /** `onConnect` prepares each new connection (connection settings) before anyone uses it. */
  constructor(inner: SqlDriverAdapterFactory, options: { onConnect?: (adapter: SqlDriverAdapter) => Promise<void> } = {}) {
    this.#inner = inner;
    this.#onConnect = options.onConnect ?? (async () => {});
    this.provider = inner.provider;
    this.adapterName = inner.adapterName;
  }

  /** The connected adapter; connects on first use, and again after the client disconnected. */
  connect(): Promise<SqlDriverAdapter> {
    if (!this.#connected) {
      const connecting: Promise<SqlDriverAdapter> = this.#inner.connect().then(async (adapter): Promise<SqlDriverAdapter> => {
        try {
          await this.#onConnect(adapter);
        } catch (error) {
          await adapter.dispose().catch(() => {});
          throw error;
        }
        return this.#shared(adapter, connecting);
      });
      this.#connected = connecting;
      connecting.catch(() => {
        if (this.#connected === connecting) this.#connected = undefined;
      });
    }
    return this.#connected;
  }

  #shared(adapter: SqlDriverAdapter, connected: Promise<SqlDriverAdapter>): SqlDriverAdapter {
    return {
      provider: adapter.provider,
      adapterName: adapter.adapterName,
      queryRaw: (query) => adapter.queryRaw(query),
      executeRaw: (query) => adapter.executeRaw(query),
      executeScript: (script) => adapter.executeScript(script),
      startTransaction: async (isolationLevel) => {
        const transaction = await adapter.startTransaction(isolationLevel);
        return adapter.provider === "sqlite" ? takeWriteLockAtOnce(transaction) : transaction;
      },
      getConnectionInfo: adapter.getConnectionInfo ? () => adapter.getConnectionInfo!() : undefined,
      dispose: async () => {
        if (this.#connected === connected) this.#connected = undefined;
        await adapter.dispose();
      },
    };
  }
}

/**
 * SQLite: the adapter begins transactions as deferred (BEGIN), which take the write lock at their
 * first write. In WAL mode, a transaction that read first and then writes after another
 * connection (a CLI script, a test) committed fails at once with SQLITE_BUSY, without waiting.
 * BEGIN IMMEDIATE takes the lock at the start, waiting for it as any write does (the busy
 * timeout), so a transaction never fails half-way for that. One process changes nothing: the
 * adapter runs its transactions one at a time anyway.
 */
async function takeWriteLockAtOnce(transaction: Transaction): Promise<Transaction> {
  try {
    await transaction.executeRaw({ sql: "ROLLBACK", args: [], argTypes: [] });
    await transaction.executeRaw({ sql: "BEGIN IMMEDIATE", args: [], argTypes: [] });
    return transaction;
  } catch (error) {
    // The connection is in no transaction now: hand back the adapter's lock, and say why.
    await transaction.rollback();
    throw error;
  }
}
