// What the live-update benchmark (live-updates.ts) and its simulated tabs (live-tabs.ts, a process
// of its own) say to each other over the IPC channel, and the clock both measure with.

/** "live": what a tab does today; "baseline": what it did before (a page refresh per burst). */
export type TabClient = "live" | "baseline";

export type TabPlan = {
  /** The address the tab opens: the server, one instance of a cluster, or nginx in front of them. */
  baseUrl: string;
  cookie: string;
  /** The conversation the tab has open, or null for a tab showing the inbox. */
  threadConversationId: string | null;
  /** Whether the tab loses its stream now and then (and reconnects with Last-Event-ID). */
  isReconnecting: boolean;
};

export type ExpectedMessage = { id: string; conversationId: string };

export type TabsCommand =
  | {
      type: "open";
      client: TabClient;
      tabs: TabPlan[];
      /** The latest event id when the tabs' pages were rendered: the first stream asks from it. */
      renderedAtEventId: number | null;
      markReadActionId: string;
    }
  | { type: "start"; reconnect: { everyMs: number; downMs: number } }
  | { type: "drain"; expected: ExpectedMessage[]; windowStartAt: number; windowEndAt: number; timeoutMs: number };

export type TabResult = {
  isThread: boolean;
  isReconnecting: boolean;
  /** Message id → when the tab first showed it (wall clock, ms), for the expected messages. */
  visibleAt: Record<string, number>;
  /** Message id → when its update first arrived on the stream, before any coalescing. */
  arrivedAt: Record<string, number>;
  /** When the stream was dropped and when the next one said it was connected. */
  drops: [number, number][];
  /** Requests the tab made besides its stream, started within the measured window. */
  requests: number;
  failedRequests: number;
  /** Reconnects the server asked for: `event: reset`, or a stream it closed. */
  resets: number;
  serverClosedStreams: number;
  /** Thread batches too large for one request, shown by a page refresh instead. */
  pageRefreshes: number;
};

export type TabsReply = { type: "opened"; openStreams: number } | { type: "started" } | { type: "results"; tabs: TabResult[]; openStreams: number };

/** Wall-clock milliseconds with sub-millisecond resolution, comparable between processes. */
export function wallClockMs(): number {
  return performance.timeOrigin + performance.now();
}
