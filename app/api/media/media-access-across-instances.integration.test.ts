// Two CareDesk instances on one database, as behind a load balancer: signing out or being disabled
// on one ends media access on the other with the very next request. The session check reads the
// database on every request; nothing about a session is kept in a process between requests.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestUser, TEST_PASSWORD } from "@/test/support/factories";
import { mustSignIn, signOutOverHttp } from "@/test/support/http-session";
import { startMediaStack, type MediaStack } from "@/test/support/media-stack";
import { postgresServerUrl, testedProviders } from "@/test/support/providers";
import type { RunningServer } from "@/test/support/start-server";

const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2000, 7)]);

describe.each(testedProviders)("media access across instances on %s", (provider) => {
  let stack: MediaStack;
  let other: RunningServer;
  let mediaId: string;
  const statusOf = async (server: { baseUrl: string }, cookie: string) => {
    const response = await fetch(`${server.baseUrl}/api/media/${mediaId}`, { headers: { cookie } });
    await response.arrayBuffer();
    return response.status;
  };

  beforeAll(async () => {
    // One secret for both, as every instance of a deployment has: a cookie set by one reads on the other.
    stack = await startMediaStack({ provider, postgresServerUrl, env: { AUTH_SECRET: randomBytes(32).toString("base64url") } });
    other = await stack.startAnotherServer();
    mediaId = await stack.receiveMedia({ messageType: "image", contentType: "image/jpeg", body: JPEG });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it("a sign-out on one instance ends media access on the other with the next request", async () => {
    const user = await createTestUser(stack.db);
    const cookie = await mustSignIn(stack.server.baseUrl, user.email, TEST_PASSWORD);
    // Served a moment before, so the other instance has seen this session.
    expect(await statusOf(other, cookie)).toBe(200);
    expect(await statusOf(other, cookie)).toBe(200);
    await signOutOverHttp(stack.server.baseUrl, cookie);
    expect(await statusOf(other, cookie)).toBe(401);
  });

  it("a person disabled in the database is refused media on every instance with the next request", async () => {
    const user = await createTestUser(stack.db);
    const cookie = await mustSignIn(stack.server.baseUrl, user.email, TEST_PASSWORD);
    expect(await statusOf(stack.server, cookie)).toBe(200);
    expect(await statusOf(other, cookie)).toBe(200);
    await stack.db.user.update({ where: { id: user.id }, data: { isDisabled: true } });
    expect(await statusOf(stack.server, cookie)).toBe(401);
    expect(await statusOf(other, cookie)).toBe(401);
  });
});
