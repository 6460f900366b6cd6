// A write that fails for what it holds, not for the database's state: a value the database
// refuses, or JSON too deep to serialise. It would fail the same way on each of Vonage's retries
// for 24 hours, so the webhook is kept raw instead (receive-webhook.ts).

export function isPermanentWriteError(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 6; depth++) {
    if (current instanceof RangeError) return true;
    const candidate = current as { originalCode?: unknown; kind?: unknown; code?: unknown; cause?: unknown };
    // PostgreSQL's class 22, data exceptions (a character, a length or a date it cannot store), as adapter-pg reports it.
    const code = typeof candidate.originalCode === "string" ? candidate.originalCode : candidate.kind === "postgres" ? candidate.code : undefined;
    if (typeof code === "string" && code.startsWith("22")) return true;
    current = candidate.cause;
  }
  return false;
}
