import { randomBytes } from "node:crypto";
import { PassThrough } from "node:stream";
import { describe, expect, it, vi } from "vitest";
import { CHUNK_TARGET_BYTES, upstreamBodyStream } from "./upstream-body-stream";

const SOCKET_READ = 64 * 1024;

async function readAll(body: ReadableStream<Uint8Array>): Promise<Uint8Array[]> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  for (let read = await reader.read(); !read.done; read = await reader.read()) chunks.push(read.value);
  return chunks;
}

describe("upstreamBodyStream", () => {
  it("hands a fast upstream on in chunks of about 1 MB, every byte in order", async () => {
    const upstream = new PassThrough();
    const onEnd = vi.fn();
    const body = upstreamBodyStream(upstream, onEnd);
    const source = randomBytes(40 * SOCKET_READ + 123);
    for (let offset = 0; offset < source.length; offset += SOCKET_READ) upstream.write(source.subarray(offset, offset + SOCKET_READ));
    upstream.end();

    const chunks = await readAll(body);
    expect(Buffer.concat(chunks).equals(source)).toBe(true);
    expect(chunks.slice(0, -1).every((chunk) => chunk.byteLength >= CHUNK_TARGET_BYTES)).toBe(true);
    expect(chunks.length).toBeLessThanOrEqual(Math.ceil(source.length / CHUNK_TARGET_BYTES));
    expect(onEnd).toHaveBeenCalledExactlyOnceWith(source.length, "complete");
  });

  it("passes on what a slow upstream has sent without waiting for a full chunk", async () => {
    const upstream = new PassThrough();
    const reader = upstreamBodyStream(upstream, () => {}).getReader();
    upstream.write(Buffer.from("first bytes"));
    const { value } = await reader.read();
    expect(Buffer.from(value!).toString()).toBe("first bytes");
    upstream.write(Buffer.from("more"));
    expect(Buffer.from((await reader.read()).value!).toString()).toBe("more");
    upstream.end();
    expect((await reader.read()).done).toBe(true);
  });

  it("reads no more than one chunk ahead of a consumer that does not read", async () => {
    const upstream = new PassThrough();
    upstreamBodyStream(upstream, () => {});
    for (let index = 0; index < 64; index++) upstream.write(Buffer.alloc(SOCKET_READ));
    await new Promise((resolve) => setTimeout(resolve, 20));
    // 4 MB written: the first MB was taken and the rest is held back by the upstream itself.
    expect(upstream.isPaused()).toBe(true);
    expect(upstream.readableLength + upstream.writableLength).toBeGreaterThanOrEqual(64 * SOCKET_READ - CHUNK_TARGET_BYTES - SOCKET_READ);
  });

  it("answers an empty body with the end at once", async () => {
    const upstream = new PassThrough();
    const onEnd = vi.fn();
    const body = upstreamBodyStream(upstream, onEnd);
    upstream.end();
    expect(await readAll(body)).toEqual([]);
    expect(onEnd).toHaveBeenCalledExactlyOnceWith(0, "complete");
  });

  it.each([
    ["fails", (upstream: PassThrough) => upstream.destroy(new Error("connection reset"))],
    ["closes before the end", (upstream: PassThrough) => upstream.destroy()],
  ])("errors the body when the upstream %s mid-file", async (_, breakUpstream) => {
    const upstream = new PassThrough();
    const onEnd = vi.fn();
    const reader = upstreamBodyStream(upstream, onEnd).getReader();
    upstream.write(Buffer.alloc(SOCKET_READ));
    expect((await reader.read()).value?.byteLength).toBe(SOCKET_READ);
    upstream.write(Buffer.alloc(10));
    await new Promise((resolve) => setImmediate(resolve));
    breakUpstream(upstream);
    // What arrived before the fault still goes out; then the body fails (a cut-short download).
    expect((await reader.read()).value?.byteLength).toBe(10);
    await expect(reader.read()).rejects.toThrow();
    expect(onEnd).toHaveBeenCalledExactlyOnceWith(SOCKET_READ + 10, "upstream_failed");
  });

  it("frees the upstream when the browser goes away", async () => {
    const upstream = new PassThrough();
    const onEnd = vi.fn();
    const reader = upstreamBodyStream(upstream, onEnd).getReader();
    upstream.write(Buffer.alloc(10));
    await reader.read();
    await reader.cancel();
    expect(upstream.destroyed).toBe(true);
    expect(onEnd).toHaveBeenCalledExactlyOnceWith(10, "client_aborted");
  });
});
