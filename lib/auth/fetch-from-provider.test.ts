import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchFromProvider } from "./fetch-from-provider";

describe("fetchFromProvider (every call Auth.js makes to the sign-in provider)", () => {
  let server: http.Server;
  let localUrl: string;
  beforeAll(async () => {
    server = http.createServer((_, response) => response.end("ok"));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    localUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it.each(["http://login.example.com/token", "http://10.0.0.5/.well-known/openid-configuration"])("refuses plain http to another machine (%s) before sending anything", async (url) => {
    await expect(fetchFromProvider(url, { method: "POST", body: "client_secret=s3cret" })).rejects.toThrow(/only over https/);
  });

  it("calls a provider on this machine over http (tests, development)", async () => {
    const response = await fetchFromProvider(localUrl);
    expect(await response.text()).toBe("ok");
  });
});
