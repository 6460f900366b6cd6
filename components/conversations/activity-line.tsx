"use client";

// One line of what was done to the conversation, between its messages: "Sam assigned this to
// Priya · 10:42", "Priya snoozed this until Mon 09:00 · 10:45", "Snooze ended · 09:00".
import { useSyncExternalStore } from "react";
import { LocalTime } from "@/components/ui/local-time";
import { describeSnoozeUntil } from "@/lib/conversations/snooze-presets";
import { describeActivity, type ThreadActivity } from "@/lib/conversations/thread-activity";

const subscribe = () => () => {};

export function ActivityLine({ activity, viewerId }: { activity: ThreadActivity; viewerId: string }) {
  const { text, snoozedUntil } = describeActivity(activity, viewerId);
  return (
    <li data-testid="activity" data-activity-kind={activity.kind} className="flex justify-center px-2 text-center text-xs text-slate-600">
      <span className="rounded-full bg-slate-100 px-3 py-1">
        {text}
        {snoozedUntil ? (
          <>
            {" "}
            <SnoozeTime until={snoozedUntil} />
          </>
        ) : null}
        <span aria-hidden="true"> · </span>
        <span className="sr-only">, at </span>
        <LocalTime date={activity.createdAt} format="time" />
      </span>
    </li>
  );
}

/** "Mon 09:00", in the reader's time zone (the server renders UTC until the browser takes over). */
export function SnoozeTime({ until }: { until: string }) {
  const date = new Date(until);
  const text = useSyncExternalStore(
    subscribe,
    () => describeSnoozeUntil(date, new Date()),
    () => `${until.slice(0, 16).replace("T", " ")} UTC`,
  );
  return (
    <time dateTime={date.toISOString()} suppressHydrationWarning>
      {text}
    </time>
  );
}
