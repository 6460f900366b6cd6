// A dashboard tab's live stream over real HTTP, as the browser's EventSource holds it: GET
// /api/events with the session cookie, every `update` kept by its id, and when the stream ends or
// breaks, a reconnect after the server's `retry:` delay naming the last id seen (Last-Event-ID).
// Each connection attempt is recorded, so a test can say how the tab fared across restarts.

export type SeenUpdate = {
  id: number;
  kind: string;
  conversationId: string;
  messageId: string | null;
  conversation: { id: string; lastMessagePreview: string } | null;
};

export type ConnectionAttempt = { status: number | null; error?: string; startedAt: number; endedAt?: number };

export type LiveTab = {
  /** Every update received, by event id (a replayed one is kept once, as tabs apply it once). */
  updates: Map<number, SeenUpdate>;
  attempts: ConnectionAttempt[];
  /** `event: reset` received: the tab would have reloaded its page. */
  resets: number;
  lastEventId(): number | null;
  /** Resolves once `isDone` holds; rejects after `timeoutMs`, saying `what` was awaited. */
  waitFor(isDone: (tab: LiveTab) => boolean, what: string, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
};

type Block = { id?: string; event: string; data?: string; retry?: number };

/** One event block's fields (comments and unknown fields skipped), per the EventSource rules. */
function parseBlock(block: string): Block {
  const parsed: Block = { event: "message" };
  for (const line of block.split("\n")) {
    if (line === "" || line.startsWith(":")) continue;
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? "" : line.slice(colon + 1).replace(/^ /, "");
    if (field === "id") parsed.id = value;
    else if (field === "event") parsed.event = value;
    else if (field === "data") parsed.data = parsed.data === undefined ? value : `${parsed.data}\n${value}`;
    else if (field === "retry" && /^\d+$/.test(value)) parsed.retry = Number(value);
  }
  return parsed;
}

/** Opens the tab and resolves once its first stream is connected (the server said so). */
export async function openLiveTab(options: { baseUrl: string; cookie: string; lastEventId?: number }): Promise<LiveTab> {
  const updates = new Map<number, SeenUpdate>();
  const attempts: ConnectionAttempt[] = [];
  let lastEventId: number | null = options.lastEventId ?? null;
  let retryMs = 2_000;
  let resets = 0;
  let isClosed = false;
  let current: AbortController | undefined;
  let wake: (() => void) | undefined;
  const changed = new Set<() => void>();
  const notify = () => {
    for (const listener of changed) listener();
  };
  let onConnected: (() => void) | undefined;
  let onFirstFailure: ((error: Error) => void) | undefined;

  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const readStream = async (response: Response) => {
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    for (;;) {
      const next = await reader.read();
      if (next.done) return;
      buffer += decoder.decode(next.value, { stream: true }).replace(/\r\n?/g, "\n");
      const blocks = buffer.split("\n\n");
      buffer = blocks.pop()!;
      for (const text of blocks) {
        if (/^: connected$/m.test(text)) onConnected?.();
        const block = parseBlock(text);
        if (block.retry !== undefined) retryMs = block.retry;
        if (block.id !== undefined && /^\d+$/.test(block.id)) lastEventId = Number(block.id);
        if (block.event === "reset") resets += 1;
        if (block.event === "update" && block.data !== undefined) {
          const update = JSON.parse(block.data) as SeenUpdate;
          updates.set(update.id, update);
        }
        notify();
      }
    }
  };

  const run = async () => {
    while (!isClosed) {
      const attempt: ConnectionAttempt = { status: null, startedAt: Date.now() };
      attempts.push(attempt);
      current = new AbortController();
      try {
        const headers: Record<string, string> = { cookie: options.cookie, accept: "text/event-stream" };
        if (lastEventId !== null) headers["last-event-id"] = String(lastEventId);
        const response = await fetch(`${options.baseUrl}/api/events`, { headers, signal: current.signal });
        attempt.status = response.status;
        if (response.status === 200) await readStream(response);
        else {
          attempt.error = (await response.text()).slice(0, 200);
          onFirstFailure?.(new Error(`GET /api/events answered ${response.status}: ${attempt.error}`));
        }
      } catch (error) {
        attempt.error = error instanceof Error ? `${error.message}${error.cause instanceof Error ? `: ${error.cause.message}` : ""}` : String(error);
        onFirstFailure?.(new Error(`GET /api/events failed: ${attempt.error}`));
      }
      attempt.endedAt = Date.now();
      notify();
      if (!isClosed) await pause(retryMs);
    }
  };

  const connected = new Promise<void>((resolve, reject) => {
    onConnected = () => {
      onConnected = undefined;
      onFirstFailure = undefined;
      resolve();
    };
    onFirstFailure = reject;
  });
  const running = run();
  const tab: LiveTab = {
    updates,
    attempts,
    get resets() {
      return resets;
    },
    lastEventId: () => lastEventId,
    waitFor(isDone, what, timeoutMs = 60_000) {
      return new Promise<void>((resolve, reject) => {
        const check = () => {
          if (!isDone(tab)) return;
          changed.delete(check);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          changed.delete(check);
          reject(new Error(`The live tab did not see ${what} within ${timeoutMs} ms (${updates.size} updates, attempts: ${JSON.stringify(attempts.map((a) => a.status ?? a.error))})`));
        }, timeoutMs);
        changed.add(check);
        check();
      });
    },
    async close() {
      isClosed = true;
      current?.abort();
      wake?.();
      await running;
    },
  };
  try {
    await connected;
  } catch (error) {
    await tab.close();
    throw error;
  }
  return tab;
}
