import { describe, expect, it } from "vitest";
import { describeMessage } from "../messages/describe-message";
import { buildInboundPayload, INBOUND_TYPES_BY_CHANNEL } from "@/test/vonage-fake/build-payloads";
import { parseInboundMessage } from "./parse-inbound-message";

describe("parseInboundMessage", () => {
  it.each(Object.entries(INBOUND_TYPES_BY_CHANNEL).flatMap(([channel, types]) => types.map((type) => [channel, type] as const)))(
    "gives %s %s a readable, non-empty description",
    (channel, messageType) => {
      const message = parseInboundMessage(buildInboundPayload({ channel, messageType }));
      expect(message.content?.kind).not.toBe("malformed");
      expect(describeMessage(message)).not.toBe("");
    },
  );

  it("reads the WhatsApp extras: profile name and the replied-to message", () => {
    const message = parseInboundMessage(buildInboundPayload({ channel: "whatsapp", messageType: "text", profileName: "Ana", replyTo: "m-0" }));
    expect(message).toMatchObject({ profileName: "Ana", replyToMessageUuid: "m-0", text: "Hi, my parcel arrived damaged. Can you help?" });
  });

  it("turns a location, an order and a reaction into structured content", () => {
    expect(parseInboundMessage(buildInboundPayload({ channel: "whatsapp", messageType: "location" })).content).toEqual({
      kind: "location",
      lat: 51.5072,
      long: -0.1276,
      name: "Depot",
      address: "1 Example Street, London",
    });
    const order = parseInboundMessage(buildInboundPayload({ channel: "whatsapp", messageType: "order" }));
    expect(order.content).toEqual({ kind: "order", catalogId: "catalog-1", items: [{ productId: "sku-42", quantity: 2, price: 19.99, currency: "GBP" }] });
    expect(describeMessage(order)).toBe("Order (1 item)");
    const reaction = parseInboundMessage(buildInboundPayload({ channel: "whatsapp", messageType: "reaction" }));
    expect(describeMessage(reaction)).toBe("Reacted 👍");
  });

  it("describes media the way an agent says it", () => {
    const describe = (channel: string, messageType: string) => describeMessage(parseInboundMessage(buildInboundPayload({ channel, messageType })));
    expect(describe("whatsapp", "image")).toBe("Photo: The box as it arrived");
    expect(describe("whatsapp", "audio")).toBe("Voice note");
    expect(describe("messenger", "video")).toBe("Video: It rattles");
    expect(describe("viber_service", "file")).toBe("Document: receipt.pdf: My receipt");
    expect(describe("rcs", "location")).toBe("Location: Depot");
  });

  it("keeps unknown types and bodies it cannot read instead of refusing them", () => {
    const unknown = parseInboundMessage({ ...buildInboundPayload({ channel: "whatsapp", messageType: "text" }), message_type: "poll" });
    expect(unknown.content).toEqual({ kind: "unknown", channel: "whatsapp", messageType: "poll" });
    const broken = parseInboundMessage({ ...buildInboundPayload({ channel: "whatsapp", messageType: "location" }), location: { lat: "north" } });
    expect(broken.content).toMatchObject({ kind: "malformed", messageType: "location" });
    expect(describeMessage(broken)).toBe("Unreadable location message");
  });

  it("refuses a body without the envelope every message has, naming the field", () => {
    expect(() => parseInboundMessage({ channel: "sms" })).toThrow(/message_uuid/);
    expect(() => parseInboundMessage({ ...buildInboundPayload({ channel: "sms", messageType: "text" }), from: null })).toThrow(/from/);
  });

  it("shortens long previews to one line", () => {
    const message = parseInboundMessage(buildInboundPayload({ channel: "sms", messageType: "text", text: `line one\nline two ${"x".repeat(300)}` }));
    const preview = describeMessage(message);
    expect(preview.length).toBe(140);
    expect(preview).toMatch(/^line one line two x+…$/);
  });
});
