import { describe, expect, it } from "vitest";
import { callerRequestIdFrom, newRequestId } from "./request-id";

describe("request ids", () => {
  it("never takes the caller's x-request-id as CareDesk's own", () => {
    const forged = "0b5a1c2e-1111-4a4a-8b8b-123456789abc";
    const headers = new Headers({ "x-request-id": forged });
    expect(newRequestId()).not.toBe(forged);
    expect(newRequestId()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(callerRequestIdFrom(headers)).toBe(forged);
  });

  it.each([["<script>"], ["short"], ["a".repeat(129)], ["line\\nbreak-injected"]])("drops a caller's id that is not a sane token: %s", (given) => {
    expect(callerRequestIdFrom(new Headers({ "x-request-id": given }))).toBeUndefined();
  });
});
