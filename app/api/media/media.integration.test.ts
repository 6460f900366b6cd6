import { createHash, randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestUser, TEST_PASSWORD } from "@/test/support/factories";
import { mustSignIn } from "@/test/support/http-session";
import { startMediaStack, type MediaStack } from "@/test/support/media-stack";
import { postgresServerUrl, testedProviders } from "@/test/support/providers";
import { createFakeApplication } from "@/test/vonage-fake/application-keys";
import { generatedByte } from "@/test/vonage-fake/media-server";

const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2000, 7)]);
const sha = (data: Buffer | Uint8Array) => createHash("sha256").update(data).digest("hex");

describe.each(testedProviders)("GET /api/media/{id} on %s", (provider) => {
  let stack: MediaStack;
  const get = (mediaId: string, headers: Record<string, string> = {}, query = "") =>
    fetch(`${stack.server.baseUrl}/api/media/${mediaId}${query}`, { headers: { cookie: stack.agentCookie, ...headers }, redirect: "manual" });

  beforeAll(async () => {
    stack = await startMediaStack({ provider, postgresServerUrl, env: { MEDIA_IDLE_TIMEOUT_MS: "1500", MEDIA_CONNECT_TIMEOUT_MS: "1500" } });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it.each([
    ["image", "image/jpeg", null, "inline"],
    ["audio", "audio/ogg", null, "inline"],
    ["video", "video/mp4", null, "inline"],
    ["file", "application/pdf", "receipt.pdf", "inline"],
    ["file", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "claim.docx", "attachment"],
  ] as const)("streams a %s (%s) with the right headers", async (messageType, contentType, fileName, disposition) => {
    const body = Buffer.concat([JPEG, Buffer.from(contentType)]);
    const mediaId = await stack.receiveMedia({ messageType, contentType, body, fileName: fileName ?? undefined });
    const response = await get(mediaId);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe(contentType);
    // Next.js 16 drops Content-Length from route handler responses (it streams chunked); the
    // size is remembered on the media item for the dashboard instead.
    expect(response.headers.get("etag")).toMatch(/^"[0-9a-f]{16}"$/);
    expect(response.headers.get("last-modified")).toMatch(/GMT$/);
    expect(response.headers.get("accept-ranges")).toBe("bytes");
    expect(response.headers.get("cache-control")).toBe("private, no-store, no-transform");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("content-security-policy")).toBe("sandbox; default-src 'none'");
    expect(response.headers.get("content-disposition")).toMatch(new RegExp(`^${disposition}; filename="`));
    if (fileName) expect(response.headers.get("content-disposition")).toContain(`filename="${fileName}"`);
    expect(sha(Buffer.from(await response.arrayBuffer()))).toBe(sha(body));
    expect(await stack.db.mediaItem.findUniqueOrThrow({ where: { id: mediaId } })).toMatchObject({ sizeBytes: body.length, contentType });
  });

  it.each([
    ["an SVG", "image/svg+xml", '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "drawing.svg"],
    ["an HTML page", "text/html", "<script>fetch('/api/auth/session')</script>", "page.html"],
  ])("serves %s as a sandboxed attachment, never inline", async (_, contentType, text, fileName) => {
    const mediaId = await stack.receiveMedia({ contentType, body: Buffer.from(text), fileName });
    const response = await get(mediaId);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toBe(`attachment; filename="${fileName}"`);
    expect(response.headers.get("content-security-policy")).toBe("sandbox; default-src 'none'");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("forces a download with ?download=1", async () => {
    const mediaId = await stack.receiveMedia({ messageType: "image", contentType: "image/jpeg", body: JPEG });
    const response = await get(mediaId, {}, "?download=1");
    expect(response.headers.get("content-disposition")).toBe(`attachment; filename="media-${mediaId}.jpg"`);
  });

  it("learns a file's size from the first range a player asks for, not only from a whole download", async () => {
    const mediaId = await stack.receiveMedia({ messageType: "video", contentType: "video/mp4", size: 300_000 });
    const response = await get(mediaId, { range: "bytes=0-" });
    expect(response.status).toBe(206);
    await response.arrayBuffer();
    expect(await stack.db.mediaItem.findUniqueOrThrow({ where: { id: mediaId } })).toMatchObject({ sizeBytes: 300_000, contentType: "video/mp4" });
  });

  it("passes ranges through: 206 with Content-Range, the right bytes, 416 past the end", async () => {
    const mediaId = await stack.receiveMedia({ messageType: "video", contentType: "video/mp4", size: 1_000_000 });
    const response = await get(mediaId, { range: "bytes=500000-500099" });
    expect(response.status).toBe(206);
    expect(response.headers.get("content-range")).toBe("bytes 500000-500099/1000000");
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes]).toEqual(Array.from({ length: 100 }, (_, index) => generatedByte(500_000 + index)));
    const beyond = await get(mediaId, { range: "bytes=2000000-" });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get("content-range")).toBe("bytes */1000000");
  });

  it("passes conditional requests through: 304 for a known ETag or an unchanged date", async () => {
    const mediaId = await stack.receiveMedia({ messageType: "image", contentType: "image/jpeg", body: JPEG });
    const first = await get(mediaId);
    await first.arrayBuffer();
    const etag = first.headers.get("etag")!;
    const byTag = await get(mediaId, { "if-none-match": etag });
    expect(byTag.status).toBe(304);
    expect(byTag.headers.get("etag")).toBe(etag);
    const byDate = await get(mediaId, { "if-modified-since": first.headers.get("last-modified")! });
    expect(byDate.status).toBe(304);
    expect((await get(mediaId, { "if-none-match": '"something-else"' })).status).toBe(200);
  });

  it("answers 401 signed out and 404 for an id that does not exist or is malformed", async () => {
    const mediaId = await stack.receiveMedia({ messageType: "image", contentType: "image/jpeg", body: JPEG });
    const signedOut = await fetch(`${stack.server.baseUrl}/api/media/${mediaId}`);
    expect(signedOut.status).toBe(401);
    expect((await signedOut.json()).error).toMatchObject({ code: "unauthenticated", message: "Sign in to CareDesk first." });
    for (const id of ["clnotarealmediaid00000000", "..%2f..%2fetc", "https%3A%2F%2Fapi.nexmo.com%2Fv3%2Fmedia%2Fx"]) {
      const response = await get(id);
      expect(response.status).toBe(404);
      expect((await response.json()).error.code).toBe("not_found");
    }
  });

  it("refuses a disabled person's session at once", async () => {
    const mediaId = await stack.receiveMedia({ messageType: "image", contentType: "image/jpeg", body: JPEG });
    const user = await createTestUser(stack.db);
    const cookie = await mustSignIn(stack.server.baseUrl, user.email, TEST_PASSWORD);
    expect((await get(mediaId, { cookie })).status).toBe(200);
    await stack.db.user.update({ where: { id: user.id }, data: { isDisabled: true } });
    expect((await get(mediaId, { cookie })).status).toBe(401);
  });

  it("410 when Vonage no longer has the media (48 hours passed)", async () => {
    const mediaId = await stack.receiveMedia({ messageType: "image", contentType: "image/jpeg", body: JPEG, lifetimeSeconds: 1 });
    expect((await get(mediaId)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    const response = await get(mediaId);
    expect(response.status).toBe(410);
    expect((await response.json()).error.message).toBe("This media has expired: Vonage keeps inbound media for 48 hours.");
  });

  it("502 naming the settings to check when Vonage refuses the key", async () => {
    const mediaId = await stack.receiveMedia({ messageType: "image", contentType: "image/jpeg", body: JPEG });
    const otherApplication = createFakeApplication();
    stack.vonage.setPublicKey(otherApplication.publicKeyPem);
    try {
      const response = await get(mediaId);
      expect(response.status).toBe(502);
      expect((await response.json()).error.message).toBe("Vonage refused CareDesk's credentials: check VONAGE_APPLICATION_ID and the private key.");
    } finally {
      stack.vonage.setPublicKey(stack.application.publicKeyPem);
      await otherApplication.remove();
    }
  });

  it("504 when Vonage stalls, before the headers or mid-body; 502 on a 5xx or a redirect (not followed)", async () => {
    const stalled = await stack.receiveMedia({ contentType: "video/mp4", size: 10_000, fault: "stall-headers" });
    const started = Date.now();
    const response = await get(stalled);
    expect(response.status).toBe(504);
    expect(Date.now() - started).toBeLessThan(5_000);

    const stalledBody = await stack.receiveMedia({ contentType: "video/mp4", size: 1_000_000, fault: "stall-body" });
    const partial = await get(stalledBody);
    expect(partial.status).toBe(200);
    await expect(partial.arrayBuffer()).rejects.toThrow();

    const failing = await stack.receiveMedia({ contentType: "image/jpeg", size: 10, fault: "error-500" });
    expect((await get(failing)).status).toBe(502);
    const redirecting = await stack.receiveMedia({ contentType: "image/jpeg", size: 10, fault: "redirect" });
    const redirected = await get(redirecting);
    expect(redirected.status).toBe(502);
    expect((await redirected.json()).error.message).toMatch(/redirect, which CareDesk does not follow/);
  });

  it("refuses stored URLs outside the allow-list without fetching them", async () => {
    const message = await stack.db.message.findFirstOrThrow({ where: { direction: "inbound" } });
    const before = stack.vonage.stats.requests;
    const id = stack.vonage.urlOf("1b456509-974c-458b-aafa-45fc48a4d976").split("/").pop();
    const origin = new URL(stack.vonage.origin);
    const forged = [
      `http://127.0.0.1.evil.example:${origin.port}/v3/media/${id}`,
      `http://user@127.0.0.1:${origin.port}/v3/media/${id}`,
      `http://127.0.0.1:${Number(origin.port) + 1}/v3/media/${id}`,
      `${stack.vonage.origin}/v1/accounts/${id}`,
      `https://127.0.0.1:${origin.port}/v3/media/${id}`,
      `https://api.nexmo.com/v3/media/${id}`,
    ];
    for (const [position, vonageUrl] of forged.entries()) {
      const item = await stack.db.mediaItem.create({ data: { messageId: message.id, position: 100 + position + Math.floor(Math.random() * 1e6), kind: "image", vonageUrl } });
      const response = await get(item.id);
      expect(response.status, vonageUrl).toBe(403);
      expect((await response.json()).error.message).toMatch(/CareDesk will not fetch this media/);
    }
    expect(stack.vonage.stats.requests).toBe(before);
    const log = await readFile(stack.server.logFile, "utf8");
    expect(log).toMatch(/media URL refused/);
  });

  it("never lets the JWT or the Vonage URL reach the browser, and signs few tokens", async () => {
    const mediaId = await stack.receiveMedia({ messageType: "image", contentType: "image/jpeg", body: JPEG });
    const item = await stack.db.mediaItem.findUniqueOrThrow({ where: { id: mediaId } });
    const responses = await Promise.all([get(mediaId), get(mediaId, { range: "bytes=0-9" }), get("clnotarealmediaid00000000")]);
    for (const response of responses) {
      const text = [...response.headers].map(([name, value]) => `${name}: ${value}`).join("\n") + (await response.text());
      expect(text).not.toContain(item.vonageUrl);
      expect(text).not.toContain(stack.vonage.origin);
      expect(text).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]+\./);
    }
    expect(stack.vonage.stats.tokens.size).toBe(1);
    expect(await readFile(stack.server.logFile, "utf8")).not.toMatch(/Bearer|eyJhbGciOiJSUzI1NiI/);
  });

  it("records who opened which media, with the status and the bytes served", async () => {
    const mediaId = await stack.receiveMedia({ messageType: "image", contentType: "image/jpeg", body: JPEG });
    await (await get(mediaId)).arrayBuffer();
    let events: Awaited<ReturnType<typeof stack.db.auditEvent.findMany>> = [];
    for (let attempt = 0; attempt < 20 && events.length === 0; attempt++) {
      events = await stack.db.auditEvent.findMany({ where: { action: "media.viewed", targetId: mediaId } });
      if (!events.length) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(events).toHaveLength(1);
    expect(events[0]!.actorEmail).toMatch(/@example\.test$/);
    expect(events[0]!.detail).toEqual({ status: 200, bytes: JPEG.length, outcome: "complete", source: "vonage" });
  });

  it("writes exactly one audit row per media request, whatever its outcome", async () => {
    const imageId = await stack.receiveMedia({ messageType: "image", contentType: "image/jpeg", body: JPEG });
    const { messageId } = await stack.db.mediaItem.findUniqueOrThrow({ where: { id: imageId } });
    const forged = await stack.db.mediaItem.create({ data: { messageId, position: 1, kind: "image", vonageUrl: `https://api.nexmo.com/v3/media/${randomUUID()}` } });
    const video = { messageType: "video", contentType: "video/mp4", size: 1_000_000 } as const;
    const cases: { name: string; mediaId: string; send: (mediaId: string) => Promise<unknown>; status: number; expected: Record<string, unknown> }[] = [
      { name: "whole file", mediaId: imageId, send: (id) => get(id).then((r) => r.arrayBuffer()), status: 200, expected: { status: 200, bytes: JPEG.length, outcome: "complete", source: "vonage" } },
      { name: "range", mediaId: await stack.receiveMedia(video), send: (id) => get(id, { range: "bytes=0-9" }).then((r) => r.arrayBuffer()), status: 206, expected: { status: 206, bytes: 10, outcome: "complete", range: "bytes=0-9", source: "vonage" } },
      { name: "past the end", mediaId: await stack.receiveMedia(video), send: (id) => get(id, { range: "bytes=2000000-" }), status: 416, expected: { status: 416, bytes: 0, outcome: "range_not_satisfiable", range: "bytes=2000000-", source: "vonage" } },
      { name: "not modified", mediaId: await stack.receiveMedia(video), send: (id) => get(id, { "if-modified-since": new Date(Date.now() + 86_400_000).toUTCString() }), status: 304, expected: { status: 304, bytes: 0, outcome: "not_modified", source: "vonage" } },
      { name: "HEAD", mediaId: await stack.receiveMedia(video), send: (id) => fetch(`${stack.server.baseUrl}/api/media/${id}`, { method: "HEAD", headers: { cookie: stack.agentCookie } }), status: 200, expected: { status: 200, bytes: 0, outcome: "headers_only", source: "vonage" } },
      { name: "expired", mediaId: await stack.receiveMedia({ ...video, lifetimeSeconds: 0 }), send: (id) => get(id), status: 410, expected: { status: 410, bytes: 0, outcome: "upstream_404", source: "vonage" } },
      { name: "Vonage fails", mediaId: await stack.receiveMedia({ ...video, fault: "error-500" }), send: (id) => get(id), status: 502, expected: { status: 502, bytes: 0, outcome: "upstream_500", source: "vonage" } },
      { name: "forged URL", mediaId: forged.id, send: (id) => get(id), status: 403, expected: { status: 403, bytes: 0, outcome: "url_refused", source: "vonage" } },
    ];
    for (const { name, mediaId, send, status } of cases) {
      const response = (await send(mediaId)) as Response | ArrayBuffer;
      if (response instanceof Response) expect(response.status, name).toBe(status);
    }
    const rowsOf = () => stack.db.auditEvent.findMany({ where: { action: "media.viewed", targetId: { in: cases.map((c) => c.mediaId) } } });
    for (let attempt = 0; attempt < 40 && (await rowsOf()).length < cases.length; attempt++) await new Promise((resolve) => setTimeout(resolve, 50));
    // Time for a second row, were one written later (when a body ends, say).
    await new Promise((resolve) => setTimeout(resolve, 300));
    const rows = await rowsOf();
    for (const { name, mediaId, expected } of cases) {
      const own = rows.filter((row) => row.targetId === mediaId);
      expect(own, name).toHaveLength(1);
      expect(own[0]!.detail, name).toEqual(expected);
    }
  });

  it("answers HEAD with the headers only and lets go of Vonage's connection at once", async () => {
    const mediaId = await stack.receiveMedia({ messageType: "video", contentType: "video/mp4", size: 5_000_000 });
    const abortedBefore = stack.vonage.stats.aborted;
    const response = await fetch(`${stack.server.baseUrl}/api/media/${mediaId}`, { method: "HEAD", headers: { cookie: stack.agentCookie } });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("video/mp4");
    expect(await response.text()).toBe("");
    // Well within the idle timeout (1.5 s), which would otherwise be what frees it.
    for (let attempt = 0; attempt < 10 && stack.vonage.stats.inFlight > 0; attempt++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(stack.vonage.stats.inFlight).toBe(0);
    expect(stack.vonage.stats.aborted).toBe(abortedBefore + 1);
  });

  it("a client that disconnects aborts the upstream request", async () => {
    const mediaId = await stack.receiveMedia({ messageType: "video", contentType: "video/mp4", size: 50_000_000 });
    const abortedBefore = stack.vonage.stats.aborted;
    const controller = new AbortController();
    const response = await get(mediaId, { cookie: stack.agentCookie }).then(() => fetch(`${stack.server.baseUrl}/api/media/${mediaId}`, { headers: { cookie: stack.agentCookie }, signal: controller.signal }));
    const reader = response.body!.getReader();
    await reader.read();
    controller.abort();
    let aborted = stack.vonage.stats.aborted;
    for (let attempt = 0; attempt < 40 && aborted === abortedBefore; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      aborted = stack.vonage.stats.aborted;
    }
    expect(aborted).toBeGreaterThan(abortedBefore);
  });
});

describe.runIf(testedProviders.includes("sqlite"))("a 200 MB file through the media proxy", () => {
  it("streams with flat memory: the server's peak RSS grows by well under the file size (< 96 MB for 200 MB)", async () => {
    const stack = await startMediaStack({ provider: "sqlite" });
    try {
      const size = 200 * 1024 * 1024;
      const mediaId = await stack.receiveMedia({ messageType: "video", contentType: "video/mp4", size });
      // Warm up the route (first request compiles and loads modules), then reset the peak.
      await (await fetch(`${stack.server.baseUrl}/api/media/${mediaId}`, { headers: { cookie: stack.agentCookie, range: "bytes=0-1023" } })).arrayBuffer();
      const status = async (field: "VmRSS" | "VmHWM") =>
        Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(await readFile(`/proc/${stack.server.process.pid}/status`, "utf8"))![1]) * 1024;
      await readFile(`/proc/${stack.server.process.pid}/clear_refs`).catch(() => null);
      const rssBefore = await status("VmRSS");
      const response = await fetch(`${stack.server.baseUrl}/api/media/${mediaId}`, { headers: { cookie: stack.agentCookie } });
      expect(response.status).toBe(200);
      let received = 0;
      let peakRss = rssBefore;
      const reader = response.body!.getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        received += value.byteLength;
        if (received % (16 * 1024 * 1024) < value.byteLength) peakRss = Math.max(peakRss, await status("VmRSS"));
      }
      peakRss = Math.max(peakRss, await status("VmRSS"));
      expect(received).toBe(size);
      const growth = peakRss - rssBefore;
      console.log(`200 MB through the proxy: RSS before ${(rssBefore / 1e6).toFixed(0)} MB, peak growth ${(growth / 1e6).toFixed(1)} MB`);
      expect(growth).toBeLessThan(96 * 1024 * 1024);
    } finally {
      await stack.stop();
    }
  }, 120_000);
});

describe("media configuration", () => {
  it("refuses to start with an unreadable private key, naming the variable", async () => {
    const { createScratchDatabase } = await import("@/test/support/scratch-database");
    const { startCareDeskServer } = await import("@/test/support/start-server");
    const database = await createScratchDatabase("sqlite");
    const application = createFakeApplication();
    try {
      for (const [env, expected] of [
        [{ VONAGE_APPLICATION_ID: "app-1", VONAGE_PRIVATE_KEY_PATH: "/nonexistent/private.key" }, "VONAGE_PRIVATE_KEY_PATH points at a file CareDesk cannot read (ENOENT)"],
        [{ VONAGE_APPLICATION_ID: "app-1", VONAGE_PRIVATE_KEY: "not a key" }, "VONAGE_PRIVATE_KEY is not an RSA private key in PEM format"],
        [{ VONAGE_PRIVATE_KEY_PATH: application.privateKeyPath }, "VONAGE_APPLICATION_ID is not set"],
      ] as const) {
        const failure = await startCareDeskServer({ env: { DATABASE_URL: database.url, ...env } }).then(
          (server) => server.stop().then(() => null),
          (error: Error) => error,
        );
        expect(failure?.message).toMatch(/exited with code 1/);
        const log = await readFile(/see (.*)$/.exec(failure!.message)![1]!, "utf8");
        expect(log).toContain(expected);
        expect(log).not.toMatch(/at .*\.js:\d+/);
      }
    } finally {
      await application.remove();
      await database.drop();
    }
  });

  it("answers 503 saying what to set when media is not configured", async () => {
    const { createScratchDatabase } = await import("@/test/support/scratch-database");
    const { startCareDeskServer } = await import("@/test/support/start-server");
    const { createDb } = await import("@/lib/db");
    const database = await createScratchDatabase("sqlite");
    const server = await startCareDeskServer({ env: { DATABASE_URL: database.url, VONAGE_SIGNATURE_SECRET: "s3cret-for-this-test" } });
    const db = createDb(database.url);
    try {
      const { buildInboundPayload } = await import("@/test/vonage-fake/build-payloads");
      const { sendWebhook } = await import("@/test/vonage-fake/send-webhook");
      const payload = buildInboundPayload({ channel: "whatsapp", messageType: "image" });
      expect((await sendWebhook({ baseUrl: server.baseUrl, signatureSecret: "s3cret-for-this-test" }, "inbound", payload)).status).toBe(200);
      const item = await db.mediaItem.findFirstOrThrow({ where: { message: { messageUuid: String(payload.message_uuid) } } });
      const agent = await createTestUser(db);
      const cookie = await mustSignIn(server.baseUrl, agent.email, TEST_PASSWORD);
      const response = await fetch(`${server.baseUrl}/api/media/${item.id}`, { headers: { cookie } });
      expect(response.status).toBe(503);
      expect((await response.json()).error.message).toMatch(/set VONAGE_APPLICATION_ID and the application's private key/);
    } finally {
      await db.$disconnect();
      await server.stop();
      await database.drop();
    }
  });
});
