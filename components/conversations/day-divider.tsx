"use client";

import { useSyncExternalStore } from "react";

const subscribe = () => () => {};

/** "Monday 3 March 2026" before the first message of each day, in the reader's time zone. */
export function DayDivider({ date, previous }: { date: string; previous: string | null }) {
  const label = useSyncExternalStore(
    subscribe,
    () => {
      const day = new Date(date).toLocaleDateString(undefined, { weekday: "long", day: "numeric", month: "long", year: "numeric" });
      return previous && new Date(previous).toLocaleDateString(undefined, { weekday: "long", day: "numeric", month: "long", year: "numeric" }) === day ? null : day;
    },
    () => (previous && previous.slice(0, 10) === date.slice(0, 10) ? null : date.slice(0, 10)),
  );
  if (!label) return null;
  return (
    // A list item of its own (a separator role would leave the messages' list holding a non-item).
    <li className="my-2 flex items-center gap-3 text-xs font-medium text-slate-500">
      <span aria-hidden="true" className="h-px flex-1 bg-slate-200" />
      {label}
      <span aria-hidden="true" className="h-px flex-1 bg-slate-200" />
    </li>
  );
}
