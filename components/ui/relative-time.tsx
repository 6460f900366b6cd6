"use client";

import { useSyncExternalStore } from "react";

const subscribe = () => () => {};

/** A date in the reader's own time zone (rendered in the browser; the server shows UTC until then). */
export function LocalTime({ date, format = "datetime" }: { date: Date | string; format?: "datetime" | "time" | "date" }) {
  const value = new Date(date);
  const text = useSyncExternalStore(
    subscribe,
    () =>
      format === "time"
        ? value.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" })
        : format === "date"
          ? value.toLocaleDateString(undefined, { dateStyle: "medium" })
          : value.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" }),
    () => value.toISOString().replace("T", " ").slice(0, 16) + " UTC",
  );
  return <time dateTime={value.toISOString()}>{text}</time>;
}
