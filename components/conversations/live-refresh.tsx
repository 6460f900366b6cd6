"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

/**
 * Keeps the page current: on each live event from /api/events the server components re-render
 * (router.refresh keeps scroll, focus and players). Events in bursts are coalesced.
 */
export function LiveRefresh() {
  const router = useRouter();
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const source = new EventSource("/api/events");
    // Marks the page as live (tests wait for it; styles could show it).
    source.addEventListener("open", () => (document.documentElement.dataset.live = "connected"));
    source.addEventListener("error", () => (document.documentElement.dataset.live = "reconnecting"));
    source.addEventListener("conversation", () => {
      clearTimeout(timer);
      timer = setTimeout(() => router.refresh(), 250);
    });
    return () => {
      clearTimeout(timer);
      source.close();
      delete document.documentElement.dataset.live;
    };
  }, [router]);
  return null;
}
