// Vonage's media server misbehaving: stalls before the headers and mid-body, a reset mid-stream,
// a 500, a redirect, a slow trickle; and a browser that pauses or leaves mid-file. The proxy answers
// within its timeouts and lets go of every upstream connection.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMediaStack, type MediaStack } from "@/test/support/media-stack";
import { postgresServerUrl, testedProviders } from "@/test/support/providers";
import { generatedByte, type MediaFault } from "@/test/vonage-fake/media-server";

const IDLE_TIMEOUT_MS = 1_000;
const CONNECT_TIMEOUT_MS = 1_000;
/** Scheduling slack on a busy 2-core machine. */
const SLACK_MS = 1_500;

type Outcome = { status: number; bytes: number; isBodyComplete: boolean; elapsedMs: number; body: Uint8Array };

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  return condition();
}

describe.each(testedProviders)("media proxy under upstream faults on %s", (provider) => {
  let stack: MediaStack;

  beforeAll(async () => {
    stack = await startMediaStack({
      provider,
      postgresServerUrl,
      env: { MEDIA_IDLE_TIMEOUT_MS: String(IDLE_TIMEOUT_MS), MEDIA_CONNECT_TIMEOUT_MS: String(CONNECT_TIMEOUT_MS) },
    });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  /** GETs a media file as a browser would and reads the whole body, noting how it ended. */
  async function fetchMedia(mediaId: string): Promise<Outcome> {
    const startedAt = performance.now();
    const response = await fetch(`${stack.server.baseUrl}/api/media/${mediaId}`, { headers: { cookie: stack.agentCookie }, redirect: "manual" });
    const chunks: Uint8Array[] = [];
    let isBodyComplete = true;
    try {
      const reader = response.body!.getReader();
      for (let read = await reader.read(); !read.done; read = await reader.read()) chunks.push(read.value);
    } catch {
      isBodyComplete = false;
    }
    const body = Buffer.concat(chunks);
    return { status: response.status, bytes: body.byteLength, isBodyComplete, elapsedMs: performance.now() - startedAt, body };
  }

  const receive = (fault: MediaFault, size = 1_000_000) => stack.receiveMedia({ contentType: "video/mp4", messageType: "video", size, fault });

  async function expectUpstreamReleased() {
    expect(await waitFor(() => stack.vonage.stats.inFlight === 0, 3_000), "no upstream answer still in flight").toBe(true);
  }

  it.each([
    ["stalls before its headers", 504, "stall-headers", CONNECT_TIMEOUT_MS + IDLE_TIMEOUT_MS],
    ["answers 500", 502, "error-500", 0],
    ["redirects elsewhere (not followed)", 502, "redirect", 0],
  ] as const)("when Vonage %s, answers %i within its timeouts", async (_, status, fault, timeoutMs) => {
    const requestsBefore = stack.vonage.stats.requests;
    const outcome = await fetchMedia(await receive(fault));
    expect(outcome.status).toBe(status);
    expect(outcome.elapsedMs).toBeLessThan(timeoutMs + SLACK_MS);
    expect(JSON.parse(Buffer.from(outcome.body).toString())).toMatchObject({ error: { code: status === 504 ? "upstream_timeout" : "upstream_error" } });
    // One upstream request: a redirect is not followed, a failure is not retried in a loop.
    expect(stack.vonage.stats.requests - requestsBefore).toBe(1);
    await expectUpstreamReleased();
  });

  it.each([
    ["stalls mid-body", "stall-body", IDLE_TIMEOUT_MS],
    ["resets mid-body", "reset-mid-body", 0],
  ] as const)("cuts the browser's download short when Vonage %s, within the idle timeout", async (_, fault, timeoutMs) => {
    const abortedBefore = stack.vonage.stats.aborted;
    const outcome = await fetchMedia(await receive(fault));
    // The headers went out before the fault: the browser sees a truncated, failed download
    // (never a complete-looking short file).
    expect(outcome.status).toBe(200);
    expect(outcome.isBodyComplete).toBe(false);
    expect(outcome.bytes).toBeLessThan(1_000_000);
    expect(outcome.elapsedMs).toBeLessThan(timeoutMs + SLACK_MS);
    await expectUpstreamReleased();
    expect(stack.vonage.stats.aborted).toBeGreaterThan(abortedBefore);
  });

  it("streams a slow trickle to the end, byte for byte (slow is not idle)", async () => {
    const size = 24 * 1024; // 1 KiB every 50 ms: about 1.2 s, longer than the idle timeout
    const outcome = await fetchMedia(await receive("trickle", size));
    expect(outcome).toMatchObject({ status: 200, bytes: size, isBodyComplete: true });
    expect(outcome.elapsedMs).toBeGreaterThan(IDLE_TIMEOUT_MS);
    expect([...outcome.body.subarray(size - 4)]).toEqual([size - 4, size - 3, size - 2, size - 1].map(generatedByte));
    await expectUpstreamReleased();
  });

  it("keeps streaming to a browser that stops reading for longer than the idle timeout (a paused video)", async () => {
    const size = 50_000_000; // more than the sockets on both sides buffer, so the proxy must wait
    const mediaId = await stack.receiveMedia({ contentType: "video/mp4", messageType: "video", size });
    const response = await fetch(`${stack.server.baseUrl}/api/media/${mediaId}`, { headers: { cookie: stack.agentCookie } });
    const reader = response.body!.getReader();
    let bytes = (await reader.read()).value!.byteLength;
    await new Promise((resolve) => setTimeout(resolve, IDLE_TIMEOUT_MS * 2.5));
    for (let read = await reader.read(); !read.done; read = await reader.read()) bytes += read.value.byteLength;
    expect(bytes).toBe(size);
    await expectUpstreamReleased();
  });

  it("lets go of Vonage's connection when the browser leaves mid-file", async () => {
    const mediaId = await stack.receiveMedia({ contentType: "video/mp4", messageType: "video", size: 50_000_000 });
    const abortedBefore = stack.vonage.stats.aborted;
    const controller = new AbortController();
    const response = await fetch(`${stack.server.baseUrl}/api/media/${mediaId}`, { headers: { cookie: stack.agentCookie }, signal: controller.signal });
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    await reader.read();
    controller.abort();
    await expectUpstreamReleased();
    expect(stack.vonage.stats.aborted).toBe(abortedBefore + 1);
  });

  it("holds no connection to Vonage once idle, and stays healthy", async () => {
    // Idle keep-alive sockets are closed by the stand-in after Node's keep-alive timeout (5 s);
    // a socket CareDesk forgot mid-answer would stay open.
    expect(await waitFor(() => stack.vonage.stats.open === 0, 8_000), `open connections: ${stack.vonage.stats.open}`).toBe(true);
    const health = await fetch(`${stack.server.baseUrl}/api/health`);
    expect(health.status).toBe(200);
    expect(stack.server.process.exitCode).toBeNull();
  });
});
