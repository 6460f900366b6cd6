import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { buffer } from "node:stream/consumers";
import { describe, expect, it } from "vitest";
import { ArchiveTooLargeError, limitArchiveBody } from "./limit-archive-body";

const idle = () => new Error("idle");

describe("limitArchiveBody", () => {
  it("passes a file of exactly the limit through, counting its bytes", async () => {
    const limit = limitArchiveBody({ maxBytes: 10, idleTimeoutMs: 1_000, idleTimeoutError: idle });
    const passed = buffer(limit);
    await pipeline(Readable.from([Buffer.alloc(4), Buffer.alloc(6)]), limit);
    expect((await passed).length).toBe(10);
    expect(limit.bytes()).toBe(10);
  });

  it("fails once the bytes pass the limit", async () => {
    const limit = limitArchiveBody({ maxBytes: 10, idleTimeoutMs: 1_000, idleTimeoutError: idle });
    limit.resume();
    await expect(pipeline(Readable.from([Buffer.alloc(6), Buffer.alloc(6), Buffer.alloc(6)]), limit)).rejects.toBeInstanceOf(ArchiveTooLargeError);
    expect(limit.bytes()).toBe(12);
  });

  it("fails when no byte comes within the idle timeout", async () => {
    const limit = limitArchiveBody({ maxBytes: 10, idleTimeoutMs: 50, idleTimeoutError: idle });
    const silent = new Readable({ read() {} });
    await expect(pipeline(silent, limit)).rejects.toThrow("idle");
  });
});
