/** PostgreSQL shutting down, starting up, out of connections, or the connection failed. */
const POSTGRES_UNAVAILABLE = ["57P01", "57P02", "57P03", "53300", "08000", "08001", "08003", "08004", "08006"];

/**
 * True when an error means the database could not be reached or answered in time (a reason to
 * answer 503 and let the caller retry), rather than a problem with what was written.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 6; depth++) {
    const candidate = current as { name?: unknown; code?: unknown; message?: unknown; kind?: unknown; cause?: unknown };
    if (candidate.name === "PrismaClientInitializationError") return true;
    if (typeof candidate.code === "string" && ["P1001", "P1002", "P1008", "P1017", "P2024", "P2028", "ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "SQLITE_BUSY", "SQLITE_LOCKED", "SQLITE_CANTOPEN", ...POSTGRES_UNAVAILABLE].includes(candidate.code)) return true;
    if (typeof candidate.kind === "string" && /NotReachable|ConnectionClosed|SocketTimeout|TooManyConnections|Busy|Locked|Timeout/i.test(candidate.kind)) return true;
    if (typeof candidate.message === "string" && /ECONNREFUSED|ECONNRESET|Connection terminated|connection.*(closed|lost)|database is locked|SQLITE_BUSY|timed? ?out|Can't reach database|Transaction API error/i.test(candidate.message)) return true;
    current = candidate.cause ?? (candidate as { meta?: { driverAdapterError?: unknown } }).meta?.driverAdapterError;
  }
  return false;
}
