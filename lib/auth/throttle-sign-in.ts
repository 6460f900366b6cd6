// Password-guessing defence: failed sign-ins are counted per account and per client address in
// a window; each failure is answered more slowly, and past a limit the key is refused for a while.
import "server-only";
import { getDb } from "../db";
import { getEnv } from "../env";

export type ThrottleKeys = { account: string; address: string };

export function throttleKeys(email: string, clientAddress: string): ThrottleKeys {
  return { account: `account:${email.toLowerCase()}`, address: `address:${clientAddress}` };
}

/** When sign-in is refused for these keys, until when; null when it is allowed. */
export async function lockedUntil(keys: ThrottleKeys, now = new Date()): Promise<Date | null> {
  const rows = await getDb().signInThrottle.findMany({ where: { key: { in: [keys.account, keys.address] }, lockedUntil: { gt: now } } });
  const times = rows.map((row) => row.lockedUntil!.getTime());
  return times.length ? new Date(Math.max(...times)) : null;
}

/** Counts one failure against both keys; returns the number of failures on the account. */
export async function recordSignInFailure(keys: ThrottleKeys, now = new Date()): Promise<number> {
  const env = getEnv();
  const windowMs = env.AUTH_LOCKOUT_MINUTES * 60_000;
  const db = getDb();
  let accountFailures = 0;
  for (const [key, limit] of [
    [keys.account, env.AUTH_LOCKOUT_ACCOUNT_FAILURES],
    [keys.address, env.AUTH_LOCKOUT_ADDRESS_FAILURES],
  ] as const) {
    const failures = await db.$transaction(async (tx) => {
      const row = await tx.signInThrottle.findUnique({ where: { key } });
      const isFreshWindow = !row || now.getTime() - row.windowStartsAt.getTime() > windowMs;
      const count = isFreshWindow ? 1 : row.failures + 1;
      const data = {
        failures: count,
        windowStartsAt: isFreshWindow ? now : row.windowStartsAt,
        lockedUntil: count >= limit ? new Date(now.getTime() + windowMs) : isFreshWindow ? null : row.lockedUntil,
      };
      await tx.signInThrottle.upsert({ where: { key }, create: { key, ...data }, update: data });
      return count;
    });
    if (key === keys.account) accountFailures = failures;
  }
  return accountFailures;
}

export async function clearSignInFailures(keys: ThrottleKeys): Promise<void> {
  await getDb().signInThrottle.deleteMany({ where: { key: keys.account } });
}

/** Each failure waits a little longer before it is answered (capped), to slow guessing. */
export async function delayAfterFailure(failures: number): Promise<void> {
  const delay = Math.min(failures, 8) * getEnv().AUTH_FAILURE_DELAY_MS;
  if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
}
