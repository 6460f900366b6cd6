// Anyone can send unsigned or oversized requests to the webhook URLs, so what CareDesk writes
// about a refused one (its WebhookEvent row, its log lines) is capped per reason and minute; past
// the cap a refusal is only counted, and the count logged once its minute ends.
import "server-only";
import { getEnv } from "../env";
import { getLogger } from "../logger";

const WINDOW_MS = 60_000;

type Window = { startedAt: number; recorded: number; skipped: number; timer?: ReturnType<typeof setTimeout> };

export type RefusalLimiter = {
  /** True when this refusal may be recorded; false when it is only counted. */
  admit(reason: string): boolean;
};

export function createRefusalLimiter(options: {
  perMinute: number;
  now?: () => number;
  onLimitReached: (reason: string) => void;
  onSkippedCount: (reason: string, skipped: number) => void;
}): RefusalLimiter {
  const now = options.now ?? Date.now;
  const windows = new Map<string, Window>();

  function close(reason: string, window: Window) {
    clearTimeout(window.timer);
    windows.delete(reason);
    if (window.skipped > 0) options.onSkippedCount(reason, window.skipped);
  }

  return {
    admit(reason) {
      let window = windows.get(reason);
      if (window && now() - window.startedAt >= WINDOW_MS) {
        close(reason, window);
        window = undefined;
      }
      if (!window) {
        window = { startedAt: now(), recorded: 0, skipped: 0 };
        windows.set(reason, window);
      }
      if (window.recorded < options.perMinute) {
        window.recorded++;
        return true;
      }
      if (window.skipped++ === 0) {
        options.onLimitReached(reason);
        const closing = window;
        // Reports the count even when the flood stops; unref'd, so it never keeps a process alive.
        closing.timer = setTimeout(() => close(reason, closing), closing.startedAt + WINDOW_MS - now());
        closing.timer.unref?.();
      }
      return false;
    },
  };
}

let limiter: RefusalLimiter | undefined;

/** The server's one limiter, keyed by the refusal's error code. */
export function admitRefusedWebhook(reason: string): boolean {
  limiter ??= createRefusalLimiter({
    perMinute: getEnv().WEBHOOK_REFUSED_EVENTS_PER_MINUTE,
    onLimitReached: (limitedReason) =>
      getLogger().warn({ reason: limitedReason, perMinute: getEnv().WEBHOOK_REFUSED_EVENTS_PER_MINUTE }, "refused webhooks over the limit: counted, not recorded, until the minute ends"),
    onSkippedCount: (limitedReason, skipped) => getLogger().warn({ reason: limitedReason, skipped }, "refused webhooks not recorded in the last minute"),
  });
  return limiter.admit(reason);
}
