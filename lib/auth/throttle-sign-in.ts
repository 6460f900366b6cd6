// Password-guessing defence: password checks are counted per account and per client address in a
// window, and past a limit the key is refused for a while; each failure is answered more slowly.
// An attempt takes its place in the count BEFORE its password is evaluated, with one conditional
// statement per key, so parallel guesses cannot all pass the check before the first one is counted.
import "server-only";
import { getDb } from "../db";
import { isUniqueViolation } from "../db/is-unique-violation";
import { getEnv } from "../env";
import { UNKNOWN_CLIENT_ADDRESS } from "./client-address";

/** The account's key, and the address's (null when the address is unknown: that limit is off). */
export type ThrottleKeys = { account: string; address: string | null };

export function throttleKeys(email: string, clientAddress: string): ThrottleKeys {
  return {
    account: `account:${email.toLowerCase()}`,
    address: clientAddress === UNKNOWN_CLIENT_ADDRESS ? null : `address:${clientAddress}`,
  };
}

function windowMs(): number {
  return getEnv().AUTH_LOCKOUT_MINUTES * 60_000;
}

function limitsOf(keys: ThrottleKeys): { key: string; limit: number }[] {
  const env = getEnv();
  const limits = [{ key: keys.account, limit: env.AUTH_LOCKOUT_ACCOUNT_FAILURES }];
  if (keys.address) limits.push({ key: keys.address, limit: env.AUTH_LOCKOUT_ADDRESS_FAILURES });
  return limits;
}

/**
 * Takes one place in a key's count; false when the key is paused or its window is full. Each step
 * is a single UPDATE whose WHERE is the check (the database serialises writers on the row), or an
 * INSERT that the primary key lets only one writer win; a writer that loses looks again.
 */
async function claimPlace(key: string, limit: number, now: Date): Promise<boolean> {
  const throttle = getDb().signInThrottle;
  const windowStartedBefore = new Date(now.getTime() - windowMs());
  const isNotPaused = { OR: [{ lockedUntil: null }, { lockedUntil: { lte: now } }] };
  for (let round = 0; round < 2; round++) {
    const counted = await throttle.updateMany({
      where: { key, windowStartsAt: { gt: windowStartedBefore }, failures: { lt: limit }, ...isNotPaused },
      data: { failures: { increment: 1 } },
    });
    if (counted.count === 1) return true;
    const restarted = await throttle.updateMany({
      where: { key, windowStartsAt: { lte: windowStartedBefore }, ...isNotPaused },
      data: { failures: 1, windowStartsAt: now, lockedUntil: null },
    });
    if (restarted.count === 1) return true;
    try {
      await throttle.create({ data: { key, failures: 1, windowStartsAt: now } });
      return true;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }
  return false;
}

/** Gives back a place taken by an attempt that turned out not to be a failure. */
async function releasePlace(key: string): Promise<void> {
  await getDb().signInThrottle.updateMany({ where: { key, failures: { gt: 0 } }, data: { failures: { decrement: 1 } } });
}

/**
 * Counts one password check against every key, before the password is evaluated. False (nothing
 * counted) when any key is paused: the password must then not be evaluated at all.
 */
export async function claimPasswordAttempt(keys: ThrottleKeys, now = new Date()): Promise<boolean> {
  const claimed: string[] = [];
  for (const { key, limit } of limitsOf(keys)) {
    if (await claimPlace(key, limit, now)) {
      claimed.push(key);
      continue;
    }
    for (const earlier of claimed) await releasePlace(earlier);
    return false;
  }
  return true;
}

/** A claimed attempt failed: pauses every key that reached its limit; returns the account's failures. */
export async function recordPasswordFailure(keys: ThrottleKeys, now = new Date()): Promise<{ failures: number; isPaused: boolean }> {
  const throttle = getDb().signInThrottle;
  const pausedUntil = new Date(now.getTime() + windowMs());
  let isPaused = false;
  for (const { key, limit } of limitsOf(keys)) {
    const paused = await throttle.updateMany({ where: { key, failures: { gte: limit } }, data: { lockedUntil: pausedUntil } });
    if (paused.count > 0) isPaused = true;
  }
  const account = await throttle.findUnique({ where: { key: keys.account }, select: { failures: true } });
  return { failures: account?.failures ?? 1, isPaused };
}

/** A claimed attempt succeeded: the account starts afresh, and the address gets its place back. */
export async function recordPasswordSuccess(keys: ThrottleKeys): Promise<void> {
  await getDb().signInThrottle.deleteMany({ where: { key: keys.account } });
  if (keys.address) await releasePlace(keys.address);
}

/** Each failure waits a little longer before it is answered (capped), to slow guessing. */
export async function delayAfterFailure(failures: number): Promise<void> {
  const delay = Math.min(failures, 8) * getEnv().AUTH_FAILURE_DELAY_MS;
  if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
}
