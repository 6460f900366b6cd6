"use client";

// The person's unread counts per view (lib/conversations/count-unread-views.ts), rendered first on
// the server and kept current in the browser: after live updates that can change them, the tab
// asks GET /api/conversations/counts again, at most once a second and not while it is hidden (it
// catches up when shown). The tab's title carries the count of all unread open conversations.
import { createContext, useContext, useEffect, useRef, useState } from "react";
import type { UnreadViewCounts } from "@/lib/conversations/count-unread-views";
import type { LiveUpdate } from "@/lib/live/live-update";
import { createThrottledRefresh, type ThrottledRefresh } from "@/lib/live/throttle-refresh";
import { useLiveUpdates } from "./live-updates";

const MIN_REFRESH_INTERVAL_MS = 1_000;
/** A delivery tick or an archived file changes nobody's unread counts. */
const CHANGES_COUNTS: ReadonlySet<LiveUpdate["kind"]> = new Set(["message", "assignment", "state", "read", "erased"]);
const TITLE_COUNT = /^\(\d+\) /;

const Context = createContext<UnreadViewCounts | null>(null);

export function useUnreadCounts(): UnreadViewCounts | null {
  return useContext(Context);
}

/** "(3) Conversations · CareDesk": kept on whatever title each page sets (Next changes it on navigation). */
function useTitleCount(count: number) {
  useEffect(() => {
    const apply = () => {
      const title = document.title.replace(TITLE_COUNT, "");
      const counted = count > 0 ? `(${count}) ${title}` : title;
      if (document.title !== counted) document.title = counted;
    };
    apply();
    const observer = new MutationObserver(apply);
    observer.observe(document.head, { childList: true, subtree: true, characterData: true });
    return () => observer.disconnect();
  }, [count]);
}

type Props = { counts: UnreadViewCounts; renderedAtEventId: number | null; children: React.ReactNode };

export function UnreadCountsProvider({ counts: renderedCounts, renderedAtEventId, children }: Props) {
  const [state, setState] = useState({ renderedCounts, counts: renderedCounts });
  // A fresh render from the server (a refresh, an action) replaces what was fetched.
  if (state.renderedCounts !== renderedCounts) setState({ renderedCounts, counts: renderedCounts });
  const refresher = useRef<ThrottledRefresh | null>(null);

  useEffect(() => {
    const throttled = createThrottledRefresh(
      async () => {
        const response = await fetch("/api/conversations/counts", { cache: "no-store" });
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        const counts = (await response.json()) as UnreadViewCounts;
        setState((current) => ({ ...current, counts }));
      },
      { minIntervalMs: MIN_REFRESH_INTERVAL_MS, isHidden: () => document.hidden },
    );
    refresher.current = throttled;
    const onVisibility = () => {
      if (!document.hidden) throttled.onVisible();
    };
    document.addEventListener("visibilitychange", onVisibility);
    return () => {
      document.removeEventListener("visibilitychange", onVisibility);
      throttled.dispose();
      refresher.current = null;
    };
  }, []);

  useLiveUpdates((updates) => {
    if (updates.some((update) => CHANGES_COUNTS.has(update.kind))) refresher.current?.request();
  }, renderedAtEventId);

  useTitleCount(state.counts.all);
  return <Context.Provider value={state.counts}>{children}</Context.Provider>;
}
