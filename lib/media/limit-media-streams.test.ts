import pino from "pino";
import { describe, expect, it } from "vitest";
import { AppError } from "../errors";
import { errorResponse } from "../http/error-response";
import { createMediaStreamLimiter, reservedConnections } from "./limit-media-streams";

const silentLogger = pino({ level: "silent" });

function refusalOf(take: () => unknown): AppError {
  try {
    take();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("the stream was admitted");
}

describe("createMediaStreamLimiter", () => {
  it("admits a person's streams up to their cap, then answers 429 saying what to do", async () => {
    const limiter = createMediaStreamLimiter({ perPerson: 2, connections: 64 });
    limiter.take("ana");
    limiter.take("ana");
    const refusal = refusalOf(() => limiter.take("ana"));
    expect(refusal.code).toBe("rate_limited");

    const response = errorResponse(refusal, "request-1", silentLogger);
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("5");
    expect(await response.json()).toEqual({
      error: {
        code: "rate_limited",
        message: "You have 2 media files loading already; wait for one to finish (or close a paused video), then try again.",
        requestId: "request-1",
      },
    });
  });

  it("says file, not files, for a cap of one", () => {
    const limiter = createMediaStreamLimiter({ perPerson: 1, connections: 64 });
    limiter.take("ana");
    expect(refusalOf(() => limiter.take("ana")).message).toMatch(/^You have 1 media file loading already;/);
  });

  it("counts each person on their own", () => {
    const limiter = createMediaStreamLimiter({ perPerson: 1, connections: 64 });
    limiter.take("ana");
    expect(() => limiter.take("ben")).not.toThrow();
    expect([limiter.openStreams("ana"), limiter.openStreams("ben"), limiter.openStreams()]).toEqual([1, 1, 2]);
  });

  it("frees a slot once however often it is released", () => {
    const limiter = createMediaStreamLimiter({ perPerson: 2, connections: 64 });
    const first = limiter.take("ana");
    const second = limiter.take("ana");
    first.release();
    first.release();
    first.release();
    expect(limiter.openStreams("ana")).toBe(1);
    expect(limiter.openStreams()).toBe(1);
    limiter.take("ana");
    expect(() => limiter.take("ana")).toThrow(AppError);
    second.release();
    expect(limiter.openStreams("ana")).toBe(1);
  });

  it("keeps a quarter of the pool (at least one connection) for people with nothing loading", () => {
    expect([1, 2, 4, 7, 8, 64].map(reservedConnections)).toEqual([1, 1, 1, 1, 2, 16]);
  });

  it("gives the reserved share only to someone opening their first file, then answers 503 with Retry-After", async () => {
    // 8 connections: 6 shared, 2 reserved.
    const limiter = createMediaStreamLimiter({ perPerson: 4, connections: 8 });
    for (let index = 0; index < 4; index++) limiter.take("ana");
    limiter.take("ben");
    limiter.take("ben");
    expect(refusalOf(() => limiter.take("ana")).code).toBe("rate_limited");
    // The shared share is taken: Ben, who has files loading, must wait...
    const refusal = refusalOf(() => limiter.take("ben"));
    expect(refusal.code).toBe("unavailable");
    // ...while two people with nothing loading still get one each.
    limiter.take("cai");
    limiter.take("dee");
    expect(refusalOf(() => limiter.take("eve")).code).toBe("unavailable");
    expect(limiter.openStreams()).toBe(8);

    const response = errorResponse(refusal, "request-2", silentLogger);
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("5");
    expect((await response.json()).error.message).toBe("CareDesk is loading as many media files as it can right now; try again in a few seconds.");
  });

  it("admits again as streams end, and ends at zero once every slot is released", () => {
    const limiter = createMediaStreamLimiter({ perPerson: 3, connections: 4 });
    const slots = [limiter.take("ana"), limiter.take("ana"), limiter.take("ben"), limiter.take("cai")];
    expect(refusalOf(() => limiter.take("dee")).code).toBe("unavailable");
    slots[0]!.release();
    expect(() => limiter.take("dee")).not.toThrow();
    expect(limiter.openStreams()).toBe(4);
    for (const slot of slots) slot.release();
    expect(limiter.openStreams()).toBe(1);
    expect(limiter.openStreams("ana")).toBe(0);
  });

  it("with a pool of one, serves one person's first file at a time", () => {
    const limiter = createMediaStreamLimiter({ perPerson: 6, connections: 1 });
    const slot = limiter.take("ana");
    expect(refusalOf(() => limiter.take("ben")).code).toBe("unavailable");
    slot.release();
    expect(() => limiter.take("ben")).not.toThrow();
  });
});
