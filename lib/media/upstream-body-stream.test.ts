import { randomBytes } from "node:crypto";
import { PassThrough } from "node:stream";
import { afterEach, describe, expect, it, vi } from "vitest";
import { BROWSER_STALL_MS, CHUNK_TARGET_BYTES, FLUSH_DELAY_MS, upstreamBodyStream } from "./upstream-body-stream";

const SOCKET_READ = 64 * 1024;
const IDLE_TIMEOUT_MS = 1_000;

function bodyOf(upstream: PassThrough) {
  const onEnd = vi.fn();
  const reader = upstreamBodyStream(upstream, { idleTimeoutMs: IDLE_TIMEOUT_MS, idleTimeoutError: () => new Error("Vonage's media server stopped sending"), onEnd }).getReader();
  return { reader, onEnd };
}

async function readAll(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<Uint8Array[]> {
  const chunks: Uint8Array[] = [];
  for (let read = await reader.read(); !read.done; read = await reader.read()) chunks.push(read.value);
  return chunks;
}

/** Lets stream events (next ticks and microtasks, never faked) run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

function writeSocketReads(upstream: PassThrough, count: number) {
  for (let index = 0; index < count; index++) upstream.write(Buffer.alloc(SOCKET_READ, index));
}

afterEach(() => {
  vi.useRealTimers();
});

describe("upstreamBodyStream", () => {
  it("hands a fast upstream on in chunks of about 1 MB, every byte in order", async () => {
    const upstream = new PassThrough();
    const { reader, onEnd } = bodyOf(upstream);
    const source = randomBytes(40 * SOCKET_READ + 123);
    for (let offset = 0; offset < source.length; offset += SOCKET_READ) upstream.write(source.subarray(offset, offset + SOCKET_READ));
    upstream.end();

    const chunks = await readAll(reader);
    expect(Buffer.concat(chunks).equals(source)).toBe(true);
    expect(chunks.slice(0, -1).every((chunk) => chunk.byteLength >= CHUNK_TARGET_BYTES && chunk.byteLength < CHUNK_TARGET_BYTES + SOCKET_READ)).toBe(true);
    expect(onEnd).toHaveBeenCalledExactlyOnceWith(source.length, "complete");
  });

  it("passes on what a slow upstream has sent after the flush delay, without waiting for a full chunk", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const upstream = new PassThrough();
    const { reader } = bodyOf(upstream);
    let first: ReadableStreamReadResult<Uint8Array> | undefined;
    void reader.read().then((read) => (first = read));
    upstream.write(Buffer.from("first bytes"));
    await settle();
    await vi.advanceTimersByTimeAsync(FLUSH_DELAY_MS - 1);
    expect(first).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(Buffer.from(first!.value!).toString()).toBe("first bytes");
  });

  it("reads no more than one chunk ahead of a browser that does not read", async () => {
    const upstream = new PassThrough();
    bodyOf(upstream);
    writeSocketReads(upstream, 64);
    await settle();
    // 4 MB written: the first MB was taken and the rest is held back by the upstream itself.
    expect(upstream.isPaused()).toBe(true);
    expect(upstream.readableLength + upstream.writableLength).toBeGreaterThanOrEqual(64 * SOCKET_READ - CHUNK_TARGET_BYTES - SOCKET_READ);
  });

  it("answers an empty body with the end at once", async () => {
    const upstream = new PassThrough();
    const { reader, onEnd } = bodyOf(upstream);
    upstream.end();
    expect(await readAll(reader)).toEqual([]);
    expect(onEnd).toHaveBeenCalledExactlyOnceWith(0, "complete");
  });

  it.each([
    ["fails", (upstream: PassThrough) => upstream.destroy(new Error("connection reset"))],
    ["closes before the end", (upstream: PassThrough) => upstream.destroy()],
  ])("errors the body when the upstream %s mid-file, after what arrived before", async (_, breakUpstream) => {
    const upstream = new PassThrough();
    const { reader, onEnd } = bodyOf(upstream);
    upstream.write(Buffer.alloc(SOCKET_READ));
    expect((await reader.read()).value?.byteLength).toBe(SOCKET_READ);
    upstream.write(Buffer.alloc(10));
    await settle();
    breakUpstream(upstream);
    expect((await reader.read()).value?.byteLength).toBe(10);
    await expect(reader.read()).rejects.toThrow();
    expect(onEnd).toHaveBeenCalledExactlyOnceWith(SOCKET_READ + 10, "upstream_failed");
  });

  it("hands on a full chunk held while paused before the upstream's failure", async () => {
    const upstream = new PassThrough();
    const { reader, onEnd } = bodyOf(upstream);
    writeSocketReads(upstream, 20);
    await settle();
    expect(upstream.isPaused()).toBe(true);
    upstream.destroy(new Error("connection reset"));
    await settle();
    expect((await reader.read()).value?.byteLength).toBe(CHUNK_TARGET_BYTES);
    await expect(reader.read()).rejects.toThrow("connection reset");
    expect(onEnd).toHaveBeenCalledExactlyOnceWith(CHUNK_TARGET_BYTES, "upstream_failed");
  });

  it("fails with 'stopped sending' when a waiting browser gets no byte within the idle timeout", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const upstream = new PassThrough();
    const { reader, onEnd } = bodyOf(upstream);
    const read = reader.read();
    read.catch(() => {});
    await vi.advanceTimersByTimeAsync(IDLE_TIMEOUT_MS);
    await expect(read).rejects.toThrow("Vonage's media server stopped sending");
    expect(upstream.destroyed).toBe(true);
    expect(onEnd).toHaveBeenCalledExactlyOnceWith(0, "upstream_failed");
  });

  it("does not count a slow browser's pauses as the upstream being idle", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const upstream = new PassThrough();
    const { reader, onEnd } = bodyOf(upstream);
    writeSocketReads(upstream, 40);
    upstream.end();
    const chunks: Uint8Array[] = [];
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      chunks.push(read.value);
      // Far past the idle timeout between chunks, within the browser's stall limit.
      await vi.advanceTimersByTimeAsync(IDLE_TIMEOUT_MS * 10);
    }
    expect(chunks.reduce((total, chunk) => total + chunk.byteLength, 0)).toBe(40 * SOCKET_READ);
    expect(onEnd).toHaveBeenCalledExactlyOnceWith(40 * SOCKET_READ, "complete");
  });

  it("lets go of a browser that takes no chunk within the stall limit, and of the upstream", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const upstream = new PassThrough();
    const { reader, onEnd } = bodyOf(upstream);
    writeSocketReads(upstream, 40);
    expect((await reader.read()).value?.byteLength).toBeGreaterThanOrEqual(CHUNK_TARGET_BYTES);
    await vi.advanceTimersByTimeAsync(BROWSER_STALL_MS - 1);
    expect(upstream.destroyed).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(upstream.destroyed).toBe(true);
    expect(onEnd).toHaveBeenCalledExactlyOnceWith(expect.any(Number), "client_stalled");
    await expect(reader.read()).rejects.toThrow("The browser stopped reading");
  });

  it("lets a slow browser take the rest at its own pace once the upstream has sent everything", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const upstream = new PassThrough();
    const { reader, onEnd } = bodyOf(upstream);
    writeSocketReads(upstream, 20);
    expect((await reader.read()).value?.byteLength).toBeGreaterThanOrEqual(CHUNK_TARGET_BYTES);
    upstream.end();
    await settle();
    await vi.advanceTimersByTimeAsync(BROWSER_STALL_MS * 2);
    const rest = await readAll(reader);
    expect(rest.reduce((total, chunk) => total + chunk.byteLength, 0)).toBeGreaterThan(0);
    expect(onEnd).toHaveBeenCalledExactlyOnceWith(20 * SOCKET_READ, "complete");
  });

  it("frees the upstream when the browser goes away mid-file", async () => {
    const upstream = new PassThrough();
    const { reader, onEnd } = bodyOf(upstream);
    upstream.write(Buffer.alloc(10));
    await reader.read();
    await reader.cancel();
    expect(upstream.destroyed).toBe(true);
    expect(onEnd).toHaveBeenCalledExactlyOnceWith(10, "client_aborted");
  });

  it("frees the upstream when the browser goes away while waiting for bytes", async () => {
    const upstream = new PassThrough();
    const { reader, onEnd } = bodyOf(upstream);
    const pending = reader.read();
    await settle();
    await reader.cancel();
    expect(await pending).toEqual({ done: true, value: undefined });
    expect(upstream.destroyed).toBe(true);
    expect(onEnd).toHaveBeenCalledExactlyOnceWith(0, "client_aborted");
  });
});
