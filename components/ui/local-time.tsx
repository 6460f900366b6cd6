"use client";

// Dates in the reader's own time zone, which only the browser knows: exact (LocalTime) or
// relative and kept current (RelativeTime, the exact one on hover).
import { useEffect, useState, useSyncExternalStore } from "react";

const subscribe = () => () => {};

function formatDate(value: Date, format: "datetime" | "time" | "date"): string {
  if (format === "time") return value.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
  if (format === "date") return value.toLocaleDateString(undefined, { weekday: "long", day: "numeric", month: "long", year: "numeric" });
  return value.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

/** A date in the reader's own time zone (rendered in the browser; the server shows UTC until then). */
export function LocalTime({ date, format = "datetime" }: { date: Date | string; format?: "datetime" | "time" | "date" }) {
  const value = new Date(date);
  const text = useSyncExternalStore(subscribe, () => formatDate(value, format), () => value.toISOString().replace("T", " ").slice(0, 16) + " UTC");
  return (
    <time dateTime={value.toISOString()} suppressHydrationWarning>
      {text}
    </time>
  );
}

function relative(from: Date, now: number): string {
  const seconds = Math.round((now - from.getTime()) / 1000);
  if (seconds < 45) return "just now";
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.round(hours / 24);
  if (days < 7) return `${days} d ago`;
  return from.toLocaleDateString(undefined, { day: "numeric", month: "short" });
}

/** "5 min ago", kept current; the full local date on hover. */
export function RelativeTime({ date }: { date: Date | string }) {
  const value = new Date(date);
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    const tick = () => setNow(Date.now());
    const first = setTimeout(tick, 0);
    const timer = setInterval(tick, 30_000);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, []);
  return (
    <time dateTime={value.toISOString()} title={now === null ? undefined : formatDate(value, "datetime")} suppressHydrationWarning>
      {now === null ? value.toISOString().slice(0, 10) : relative(value, now)}
    </time>
  );
}
