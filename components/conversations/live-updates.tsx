"use client";

// One live stream per tab (/api/events), shared by everything on the page that shows
// conversations. Updates arrive with the changed inbox row; bursts are coalesced (applied when
// quiet for a moment, never later than half a second after the first); a tab in the background gathers them and
// applies them in one batch when it comes back. A reconnect names the last event seen, so the
// server sends what was missed; if too much was missed, the page is rendered afresh. The same
// stream tells who else is on each thread (presence events), handed on as they come.
import { useRouter } from "next/navigation";
import { createContext, useContext, useEffect, useRef, useState } from "react";
import { createCoalescer, TAB_COALESCING } from "@/lib/live/coalesce";
import type { LiveUpdate } from "@/lib/live/live-update";
import type { PresenceSnapshot } from "@/lib/presence/presence-snapshot";

/** Recent updates kept for parts of the page rendered while they were on their way. */
const HISTORY_SIZE = 300;
/** A background tab gathering more than this reloads its page on return instead. */
const MAX_GATHERED = 2_000;
/** Below the id a part was rendered at, still replayed: ids are not committed in order. */
const REPLAY_OVERLAP = 20;

type Listener = (updates: LiveUpdate[]) => void;
type PresenceListener = (presence: PresenceSnapshot) => void;
type LiveUpdates = {
  /** `renderedAtEventId`: the latest event id when the server rendered the subscriber's data. */
  subscribe(listener: Listener, renderedAtEventId: number | null): () => void;
  subscribePresence(listener: PresenceListener): () => void;
  /** Each update as it arrives, uncoalesced, even in a background tab; nothing replayed. */
  subscribeAsTheyCome(listener: Listener): () => void;
};

const Context = createContext<LiveUpdates | null>(null);

export function LiveUpdatesProvider({ latestEventId, children }: { latestEventId: number | null; children: React.ReactNode }) {
  const router = useRouter();
  const [live] = useState(() => {
    const listeners = new Set<Listener>();
    const presenceListeners = new Set<PresenceListener>();
    const immediateListeners = new Set<Listener>();
    const history: LiveUpdate[] = [];
    return {
      listeners,
      presenceListeners,
      immediateListeners,
      history,
      api: {
        subscribe(listener, renderedAtEventId) {
          listeners.add(listener);
          const replay = renderedAtEventId === null ? [] : history.filter((update) => update.id > renderedAtEventId - REPLAY_OVERLAP);
          if (replay.length > 0) queueMicrotask(() => listeners.has(listener) && listener(replay));
          return () => listeners.delete(listener);
        },
        subscribePresence(listener) {
          presenceListeners.add(listener);
          return () => presenceListeners.delete(listener);
        },
        subscribeAsTheyCome(listener) {
          immediateListeners.add(listener);
          return () => immediateListeners.delete(listener);
        },
      } satisfies LiveUpdates,
    };
  });
  const startedAt = useRef(latestEventId);

  useEffect(() => {
    const { history } = live;
    const seen = new Set<number>();
    let lastEventId = startedAt.current;
    let gathered = 0;
    // "reload": the server said the tab missed too much to replay (or it gathered too much).
    const coalescer = createCoalescer<LiveUpdate | "reload">(
      (batch) => {
        gathered = 0;
        if (batch.includes("reload")) return router.refresh();
        const updates = batch as LiveUpdate[];
        for (const listener of live.listeners) listener(updates);
      },
      TAB_COALESCING,
    );

    let source: EventSource | null = null;
    let reopenTimer: ReturnType<typeof setTimeout> | undefined;
    let reopenDelayMs = 1_000;
    const open = () => {
      source = new EventSource(lastEventId === null ? "/api/events" : `/api/events?lastEventId=${lastEventId}`);
      // Marks the page as live (tests wait for it; styles could show it).
      source.addEventListener("open", () => {
        reopenDelayMs = 1_000;
        document.documentElement.dataset.live = "connected";
      });
      source.addEventListener("error", () => {
        document.documentElement.dataset.live = "reconnecting";
        // EventSource retries by itself after a dropped connection, but gives up on an error
        // answer (a proxy's 502 during a deploy): then the tab reopens it, with the last id seen.
        if (source?.readyState === EventSource.CLOSED) {
          source.close();
          reopenTimer = setTimeout(open, reopenDelayMs);
          reopenDelayMs = Math.min(reopenDelayMs * 2, 30_000);
        }
      });
      source.addEventListener("update", (event) => {
        const update = JSON.parse((event as MessageEvent<string>).data) as LiveUpdate;
        lastEventId = Math.max(lastEventId ?? 0, update.id);
        if (seen.has(update.id)) return;
        seen.add(update.id);
        if (seen.size > 5_000) seen.delete(seen.values().next().value!);
        // An erased customer's rows leave the tab's memory too.
        if (update.kind === "erased") history.splice(0, history.length, ...history.filter((kept) => kept.conversationId !== update.conversationId));
        history.push(update);
        if (history.length > HISTORY_SIZE) history.shift();
        for (const listener of live.immediateListeners) listener([update]);
        gathered++;
        if (gathered <= MAX_GATHERED) coalescer.push(update);
        else if (gathered === MAX_GATHERED + 1) coalescer.push("reload");
      });
      source.addEventListener("presence", (event) => {
        const presence = JSON.parse((event as MessageEvent<string>).data) as PresenceSnapshot;
        for (const listener of live.presenceListeners) listener(presence);
      });
      source.addEventListener("reset", (event) => {
        lastEventId = Number((event as MessageEvent<string>).lastEventId) || lastEventId;
        coalescer.push("reload");
      });
    };
    open();

    const onVisibility = () => (document.hidden ? coalescer.pause() : coalescer.resume());
    onVisibility();
    document.addEventListener("visibilitychange", onVisibility);
    return () => {
      document.removeEventListener("visibilitychange", onVisibility);
      clearTimeout(reopenTimer);
      coalescer.dispose();
      source?.close();
      delete document.documentElement.dataset.live;
    };
  }, [router, live]);

  return <Context.Provider value={live.api}>{children}</Context.Provider>;
}

/** Calls `listener` with each coalesced batch of updates (and, first, those since `renderedAtEventId`). */
export function useLiveUpdates(listener: Listener, renderedAtEventId: number | null) {
  const live = useContext(Context);
  const latest = useRef(listener);
  useEffect(() => {
    latest.current = listener;
  });
  useEffect(() => live?.subscribe((updates) => latest.current(updates), renderedAtEventId), [live, renderedAtEventId]);
}

/** Calls `listener` with who else is on a thread, each time that changes on a thread the person may see. */
export function usePresenceEvents(listener: PresenceListener) {
  const live = useContext(Context);
  const latest = useRef(listener);
  useEffect(() => {
    latest.current = listener;
  });
  useEffect(() => live?.subscribePresence((presence) => latest.current(presence)), [live]);
}

/** Calls `listener` with each update the moment it arrives, even while the tab is in the background (notifications). */
export function useLiveUpdatesAsTheyCome(listener: Listener) {
  const live = useContext(Context);
  const latest = useRef(listener);
  useEffect(() => {
    latest.current = listener;
  });
  useEffect(() => live?.subscribeAsTheyCome((updates) => latest.current(updates)), [live]);
}
