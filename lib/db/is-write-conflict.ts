/** What a person is told when their change met another one made at the same moment. */
export const WRITE_CONFLICT_MESSAGE = "Someone changed this at the same time. Try again.";

/**
 * True when a transaction lost a race with another one (Prisma's P2034, the driver adapters'
 * TransactionWriteConflict, PostgreSQL's serialization failure or deadlock): retrying succeeds.
 * Raised at commit, the adapter's error can arrive unwrapped, so the whole cause chain is read.
 */
export function isWriteConflict(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 6; depth++) {
    const candidate = current as { code?: unknown; kind?: unknown; cause?: unknown; meta?: { driverAdapterError?: unknown } };
    if (candidate.code === "P2034" || candidate.kind === "TransactionWriteConflict") return true;
    if (candidate.kind === "postgres" && (candidate.code === "40001" || candidate.code === "40P01")) return true;
    current = candidate.cause ?? candidate.meta?.driverAdapterError;
  }
  return false;
}
