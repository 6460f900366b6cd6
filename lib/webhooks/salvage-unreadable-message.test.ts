import { describe, expect, it } from "vitest";
import { assertWebhookVersion } from "./assert-webhook-version";
import { salvageUnreadableMessage, UNKNOWN_SENDER } from "./salvage-unreadable-message";

const receivedAt = new Date("2026-01-02T03:04:05.000Z");

describe("salvageUnreadableMessage", () => {
  it("keeps what can be read of the envelope", () => {
    const payload = { message_uuid: "m-1", channel: "sms", from: 447700900001, to: "447700900100", timestamp: "2026-01-01T00:00:00Z", text: "hi" };
    expect(salvageUnreadableMessage(payload, JSON.stringify(payload), "message_type: missing", receivedAt)).toEqual({
      messageUuid: "m-1",
      channel: "sms",
      messageType: "unknown",
      from: "447700900001",
      to: "447700900100",
      sentAt: new Date("2026-01-01T00:00:00Z"),
      text: "hi",
      content: { kind: "unreadable", problem: "message_type: missing" },
      extras: {},
      media: [],
    });
  });

  it("falls back field by field: an unknown sender, the time received, the body's hash as its id", () => {
    const raw = JSON.stringify([1, 2]);
    const message = salvageUnreadableMessage([1, 2], raw, "body: expected object", receivedAt);
    expect(message).toMatchObject({ channel: "unknown", from: UNKNOWN_SENDER, to: "unknown", sentAt: receivedAt, text: null });
    expect(message.messageUuid).toMatch(/^unreadable-[0-9a-f]{64}$/);
    expect(salvageUnreadableMessage([1, 2], raw, "again", new Date()).messageUuid).toBe(message.messageUuid);
    const partly = salvageUnreadableMessage({ message_uuid: "u".repeat(201), from: { number: "1" }, timestamp: "+275760-09-13T00:00:00.000Z" }, "{}", "p", receivedAt);
    expect(partly).toMatchObject({ from: UNKNOWN_SENDER, sentAt: receivedAt, messageUuid: expect.stringMatching(/^unreadable-/) });
  });
});

describe("assertWebhookVersion", () => {
  it.each([
    ["v0.1 addresses", { from: { type: "sms", number: "447700900001" }, to: { type: "sms", number: "447700900100" } }],
    ["a v0.1 message", { message: { content: { type: "text", text: "hi" } } }],
  ])("refuses %s, naming the setting to change", (_, payload) => {
    expect(() => assertWebhookVersion(payload)).toThrow(/Messages webhook version to v1/);
  });

  it.each([["a v1 body", { from: "447700900001", to: "447700900100", message_type: "text" }], ["an address object that is not v0.1", { to: { number: "1" } }], ["null", null]])(
    "lets %s through",
    (_, payload) => {
      expect(() => assertWebhookVersion(payload)).not.toThrow();
    },
  );
});
