// The snooze waker of this server process: a job loop (lib/jobs/) that reopens snoozed
// conversations whose time has come (wake-snoozed-conversations.ts) every SNOOZE_CHECK_SECONDS,
// and tells open dashboards. Every instance runs one; each conversation is woken by exactly one.
import "server-only";
import { getEnv } from "../env";
import { startJobLoop } from "../jobs/start-job-loop";
import { publishLiveEvent } from "../live/publish-live-event";
import { wakeSnoozedConversations } from "./wake-snoozed-conversations";

/** Conversations woken per statement: many due at once (Monday 09:00) go in a few batches. */
const WAKE_BATCH = 50;

export function startSnoozeWaker(): void {
  startJobLoop({
    name: "snooze-waker",
    concurrency: WAKE_BATCH,
    pollMs: getEnv().SNOOZE_CHECK_SECONDS * 1000,
    // Woken in the claim itself (one transaction); what is left to do per conversation is telling the tabs.
    claim: (limit) => wakeSnoozedConversations({ limit }),
    run: (conversationId) => publishLiveEvent({ kind: "state", conversationId, messageId: null }),
    describe: (conversationId) => ({ conversationId }),
  });
}
