import "server-only";
import { getEnv } from "../env";
import type { SessionLimits } from "./session-ends-at";

/** The idle and absolute session limits from the environment (AUTH_SESSION_*_MINUTES). */
export function sessionLimits(): SessionLimits {
  const env = getEnv();
  return { idleMs: env.AUTH_SESSION_IDLE_MINUTES * 60_000, maxMs: env.AUTH_SESSION_MAX_MINUTES * 60_000 };
}
