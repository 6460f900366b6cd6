// Runs applyRetention a minute after the server starts, then once a day. With several instances
// each runs it: harmless (every step is idempotent), and cheaper than coordinating them.
import "server-only";
import { getEnv } from "../env";
import { getLogger } from "../logger";
import { applyRetention } from "./apply-retention";

const FIRST_RUN_DELAY_MS = 60_000;
const DAY_MS = 24 * 60 * 60_000;

const holder = globalThis as unknown as { careDeskRetentionTimer?: ReturnType<typeof setTimeout> };

async function run(): Promise<void> {
  try {
    await applyRetention(new Date(), getEnv());
  } catch (error) {
    getLogger().error({ err: error instanceof Error ? error.message : String(error) }, "retention run failed; tried again tomorrow");
  }
}

export function scheduleRetention(): void {
  const env = getEnv();
  if (!env.MEDIA_RETENTION_DAYS && !env.WEBHOOK_LOG_RETENTION_DAYS && !env.AUDIT_RETENTION_DAYS) return;
  if (holder.careDeskRetentionTimer) return;
  // unref: a timer alone never keeps the process alive.
  holder.careDeskRetentionTimer = setTimeout(() => {
    void run();
    holder.careDeskRetentionTimer = setInterval(() => void run(), DAY_MS).unref();
  }, FIRST_RUN_DELAY_MS).unref();
  getLogger().info(
    { mediaDays: env.MEDIA_RETENTION_DAYS ?? null, webhookLogDays: env.WEBHOOK_LOG_RETENTION_DAYS ?? null, auditDays: env.AUDIT_RETENTION_DAYS ?? null },
    "retention scheduled daily",
  );
}
