// One signed-in person holding slow media streams (Vonage trickling, or their browser not reading)
// past their cap. The extras are refused at once with 429, other agents are still served in full,
// the last connection to Vonage stays for people with nothing loading (503 only once the pool is
// taken), and every slot comes back however its answer ended.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createTestUser, TEST_PASSWORD } from "@/test/support/factories";
import { mustSignIn } from "@/test/support/http-session";
import { startMediaStack, type MediaStack } from "@/test/support/media-stack";
import { postgresServerUrl, testedProviders } from "@/test/support/providers";

const STREAMS_PER_PERSON = 2;
/** Three connections shared, one kept for people with nothing loading. */
const UPSTREAM_CONNECTIONS = 4;
const IDLE_TIMEOUT_MS = 1_000;
/** Without the limits, a request queued behind the held connections fails (504) after this. */
const CONNECT_TIMEOUT_MS = 2_000;

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  return condition();
}

describe.each(testedProviders)("media proxy under one person's slow streams on %s", (provider) => {
  let stack: MediaStack;
  /**
   * Requests left open by a test, closed after it as a browser tab would be. The responses are
   * kept too: fetch cancels the body of a response that is garbage-collected unread.
   */
  const held: { controller: AbortController; response?: Response }[] = [];

  beforeAll(async () => {
    stack = await startMediaStack({
      provider,
      postgresServerUrl,
      env: {
        MEDIA_STREAMS_PER_PERSON: String(STREAMS_PER_PERSON),
        MEDIA_UPSTREAM_CONNECTIONS: String(UPSTREAM_CONNECTIONS),
        MEDIA_IDLE_TIMEOUT_MS: String(IDLE_TIMEOUT_MS),
        MEDIA_CONNECT_TIMEOUT_MS: String(CONNECT_TIMEOUT_MS),
      },
    });
  });
  afterEach(async () => {
    for (const { controller } of held.splice(0)) controller.abort();
    expect(await waitFor(() => stack.vonage.stats.inFlight === 0, 5_000), "every upstream answer ended").toBe(true);
  });
  afterAll(async () => {
    await stack?.stop();
  });

  async function signInSomeone(): Promise<string> {
    const person = await createTestUser(stack.db);
    return mustSignIn(stack.server.baseUrl, person.email, TEST_PASSWORD);
  }

  /** 1 KiB every 50 ms: about 50 s for the whole file, far longer than any test here. */
  const receiveTrickle = () => stack.receiveMedia({ contentType: "video/mp4", messageType: "video", size: 1_000_000, fault: "trickle" });

  /**
   * GETs a file and leaves its body unread: a slow or stalled browser holding its stream until the
   * test ends. A refusal's body is read, so its status and message can be checked.
   */
  async function hold(cookie: string, mediaId: string): Promise<{ status: number; retryAfter: string | null; message?: string }> {
    const controller = new AbortController();
    const response = await fetch(`${stack.server.baseUrl}/api/media/${mediaId}`, { headers: { cookie }, signal: controller.signal });
    held.push({ controller, response });
    if (response.status === 200) return { status: 200, retryAfter: null };
    const body = (await response.json()) as { error: { message: string } };
    return { status: response.status, retryAfter: response.headers.get("retry-after"), message: body.error.message };
  }

  it("refuses one person's streams past their cap at once (429), while another agent gets a whole file quickly", async () => {
    const hoarder = stack.agentCookie;
    const otherAgent = await signInSomeone();
    const otherFile = await stack.receiveMedia({ contentType: "image/jpeg", messageType: "image", size: 1_000_000 });
    const trickles = await Promise.all(Array.from({ length: 5 }, receiveTrickle));
    const requestsBefore = stack.vonage.stats.requests;

    // A browser that stops reading a large file: the proxy waits on it, holding Vonage's connection.
    const stalled = await hold(hoarder, await stack.receiveMedia({ contentType: "video/mp4", messageType: "video", size: 50_000_000 }));
    expect(stalled.status).toBe(200);
    // Then Vonage trickling: five more at once, one within the cap.
    const answers = await Promise.all(trickles.map((mediaId) => hold(hoarder, mediaId)));

    // Meanwhile another agent opens a picture: served in full, at once.
    const startedAt = performance.now();
    const response = await fetch(`${stack.server.baseUrl}/api/media/${otherFile}`, { headers: { cookie: otherAgent } });
    const body = await response.arrayBuffer();
    expect(response.status).toBe(200);
    expect(body.byteLength).toBe(1_000_000);
    expect(performance.now() - startedAt).toBeLessThan(CONNECT_TIMEOUT_MS);

    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 429, 429, 429, 429]);
    for (const refused of answers.filter((answer) => answer.status === 429)) {
      expect(refused.message).toBe("You have 2 media files loading already; wait for one to finish (or close a paused video), then try again.");
      expect(refused.retryAfter).toBe("5");
    }
    // The extras were refused before Vonage was asked; the hoarder's two streams are still open.
    expect(stack.vonage.stats.requests - requestsBefore).toBe(STREAMS_PER_PERSON + 1);
    expect(await waitFor(() => stack.vonage.stats.inFlight === STREAMS_PER_PERSON, 1_000)).toBe(true);
  });

  it("keeps the last connection for someone with nothing loading, and answers 503 once the pool is taken", async () => {
    const [first, second, newcomer, lateComer] = await Promise.all([signInSomeone(), signInSomeone(), signInSomeone(), signInSomeone()]);
    expect((await hold(first!, await receiveTrickle())).status).toBe(200);
    expect((await hold(first!, await receiveTrickle())).status).toBe(200);
    expect((await hold(second!, await receiveTrickle())).status).toBe(200);

    // The shared connections are taken: someone who already has a file loading waits...
    const refused = await hold(second!, await receiveTrickle());
    expect(refused).toEqual({ status: 503, retryAfter: "5", message: "CareDesk is loading as many media files as it can right now; try again in a few seconds." });
    // ...while someone opening their first file still gets the kept one, and after that nobody.
    expect((await hold(newcomer!, await receiveTrickle())).status).toBe(200);
    expect((await hold(lateComer!, await receiveTrickle())).status).toBe(503);
    expect(stack.vonage.stats.inFlight).toBe(UPSTREAM_CONNECTIONS);
  });

  it("gives every slot back however the answer ended: the same person is served up to their cap again", async () => {
    const person = await signInSomeone();
    const get = (mediaId: string, init: RequestInit & { headers?: Record<string, string> } = {}) =>
      fetch(`${stack.server.baseUrl}/api/media/${mediaId}`, { ...init, headers: { cookie: person, ...init.headers } });
    const video = { contentType: "video/mp4", messageType: "video", size: 1_000_000 } as const;

    const whole = await get(await stack.receiveMedia(video));
    expect([whole.status, (await whole.arrayBuffer()).byteLength]).toEqual([200, 1_000_000]);
    const range = await get(await stack.receiveMedia(video), { headers: { range: "bytes=0-9" } });
    expect([range.status, (await range.arrayBuffer()).byteLength]).toEqual([206, 10]);
    expect((await get(await stack.receiveMedia(video), { headers: { "if-modified-since": new Date(Date.now() + 86_400_000).toUTCString() } })).status).toBe(304);
    expect((await get(await stack.receiveMedia(video), { headers: { range: "bytes=2000000-" } })).status).toBe(416);
    expect((await get(await stack.receiveMedia(video), { method: "HEAD" })).status).toBe(200);
    expect((await get(await stack.receiveMedia({ ...video, fault: "error-500" }))).status).toBe(502);
    expect((await get(await stack.receiveMedia({ ...video, fault: "stall-headers" }))).status).toBe(504);
    for (const fault of ["stall-body", "reset-mid-body"] as const) {
      const cut = await get(await stack.receiveMedia({ ...video, fault }));
      expect(cut.status).toBe(200);
      await expect(cut.arrayBuffer(), fault).rejects.toThrow();
    }
    // The browser leaving mid-file.
    const controller = new AbortController();
    const left = await get(await stack.receiveMedia({ ...video, size: 50_000_000 }), { signal: controller.signal });
    await left.body!.getReader().read();
    controller.abort();
    expect(await waitFor(() => stack.vonage.stats.inFlight === 0, 3_000), "the upstream answer left mid-file ended").toBe(true);

    // Nothing of the above still counts: the cap is there in full, and no more.
    const again = await Promise.all([hold(person, await receiveTrickle()), hold(person, await receiveTrickle())]);
    expect(again.map((answer) => answer.status)).toEqual([200, 200]);
    expect((await hold(person, await receiveTrickle())).status).toBe(429);
  });

  it("leaves no slot behind once the earlier streams were closed: the whole pool serves again", async () => {
    const people = await Promise.all([signInSomeone(), signInSomeone(), signInSomeone()]);
    const files = await Promise.all(Array.from({ length: UPSTREAM_CONNECTIONS }, receiveTrickle));
    const answers = [await hold(people[0]!, files[0]!), await hold(people[0]!, files[1]!), await hold(people[1]!, files[2]!), await hold(people[2]!, files[3]!)];
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200]);
    // The hoarder of the first test, whose streams were closed, is served again too (slots freed
    // by a browser leaving), once someone else's stream ends.
    held.pop()!.controller.abort();
    expect(await waitFor(() => stack.vonage.stats.inFlight === UPSTREAM_CONNECTIONS - 1, 3_000)).toBe(true);
    expect((await hold(stack.agentCookie, await receiveTrickle())).status).toBe(200);
  });
});
