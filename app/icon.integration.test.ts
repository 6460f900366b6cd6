import { describe, expect, it } from "vitest";
import { careDeskServers } from "@/test/support/servers";

describe.each(careDeskServers())("the favicon on $provider", (server) => {
  it("is linked from the sign-in page and served to signed-out browsers", async () => {
    const page = await (await fetch(`${server.baseUrl}/login`)).text();
    expect(page).toMatch(/<link rel="icon" href="\/icon\.svg/);
    const icon = await fetch(`${server.baseUrl}/icon.svg`, { redirect: "manual" });
    expect(icon.status).toBe(200);
    expect(icon.headers.get("content-type")).toContain("image/svg+xml");
  });
});
