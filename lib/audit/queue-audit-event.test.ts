import { afterEach, describe, expect, it, vi } from "vitest";
import { createAuditQueue, type QueuedAuditEvent } from "./queue-audit-event";

const FLUSH_AFTER_MS = 100;

function viewed(targetId: string) {
  return { actor: { id: "ana", email: "ana@example.test" }, action: "media.viewed" as const, targetType: "media", targetId, detail: { status: 200, bytes: 10, outcome: "complete" } };
}

/** A queue whose writes are recorded (and fail while `failing` holds). */
function recordingQueue(options: { maxRows?: number; failing?: () => boolean } = {}) {
  const batches: QueuedAuditEvent[][] = [];
  const failed: { error: unknown; events: QueuedAuditEvent[] }[] = [];
  const queue = createAuditQueue({
    write: async (events) => {
      if (options.failing?.()) throw new Error("database unavailable");
      batches.push(events);
    },
    onWriteFailed: (error, events) => failed.push({ error, events }),
    flushAfterMs: FLUSH_AFTER_MS,
    maxRows: options.maxRows ?? 50,
  });
  return { queue, batches, failed };
}

/** Lets the write's promise chain (microtasks, never faked) run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

afterEach(() => {
  vi.useRealTimers();
});

describe("createAuditQueue", () => {
  it("writes what arrived within the flush delay as one batch, once the delay has passed", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    const { queue, batches } = recordingQueue();
    queue.queue(viewed("a"));
    vi.advanceTimersByTime(FLUSH_AFTER_MS - 1);
    queue.queue(viewed("b"));
    await settle();
    expect(batches).toEqual([]);

    vi.advanceTimersByTime(1);
    await settle();
    expect(batches.map((batch) => batch.map((event) => event.targetId))).toEqual([["a", "b"]]);
    // Nothing is left waiting: no timer, and no second batch later.
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(FLUSH_AFTER_MS);
    await settle();
    expect(batches).toHaveLength(1);
  });

  it("stamps each row with the time it was queued, not the time it was written", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    const { queue, batches } = recordingQueue();
    const queuedAt = Date.now();
    queue.queue(viewed("a"));
    vi.advanceTimersByTime(60);
    queue.queue(viewed("b"));
    vi.advanceTimersByTime(FLUSH_AFTER_MS);
    await settle();
    expect(batches[0]!.map((event) => event.createdAt.getTime())).toEqual([queuedAt, queuedAt + 60]);
  });

  it("writes at once when the batch is full, without waiting for the delay", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const { queue, batches } = recordingQueue({ maxRows: 3 });
    for (const id of ["a", "b", "c", "d"]) queue.queue(viewed(id));
    await settle();
    expect(batches.map((batch) => batch.map((event) => event.targetId))).toEqual([["a", "b", "c"]]);

    vi.advanceTimersByTime(FLUSH_AFTER_MS);
    await settle();
    expect(batches.map((batch) => batch.map((event) => event.targetId))).toEqual([["a", "b", "c"], ["d"]]);
  });

  it("sets no timer while nothing waits", () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const { queue } = recordingQueue({ maxRows: 2 });
    expect(vi.getTimerCount()).toBe(0);
    queue.queue(viewed("a"));
    expect(vi.getTimerCount()).toBe(1);
    queue.queue(viewed("b"));
    expect(vi.getTimerCount()).toBe(0);
  });

  it("reports a failed batch with its rows and goes on writing the next ones", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    let isDown = true;
    const { queue, batches, failed } = recordingQueue({ failing: () => isDown });
    queue.queue(viewed("lost"));
    vi.advanceTimersByTime(FLUSH_AFTER_MS);
    await settle();
    expect(failed.map(({ error, events }) => [(error as Error).message, events.map((event) => event.targetId)])).toEqual([["database unavailable", ["lost"]]]);

    isDown = false;
    queue.queue(viewed("kept"));
    vi.advanceTimersByTime(FLUSH_AFTER_MS);
    await settle();
    expect(batches.map((batch) => batch.map((event) => event.targetId))).toEqual([["kept"]]);
  });
});
