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

  describe("keeps what a corpus of real payloads carried (issue 19)", () => {
    const whatsappText = (extra: Record<string, unknown>) => ({ ...buildInboundPayload({ channel: "whatsapp", messageType: "text" }), ...extra });

    it("keeps a Click-to-WhatsApp ad referral, under whatsapp.referral or at the top level", () => {
      const referral = {
        body: "Free returns all month",
        headline: "Spring sale",
        source_id: "120208",
        source_type: "ad",
        source_url: "https://fb.me/abc123",
        media_type: "image",
        ctwa_clid: "ARAkLk",
      };
      const expected = { headline: "Spring sale", body: "Free returns all month", sourceType: "ad", sourceId: "120208", sourceUrl: "https://fb.me/abc123", mediaType: "image" };
      expect(parseInboundMessage(whatsappText({ whatsapp: { referral } })).extras).toEqual({ adReferral: expected });
      expect(parseInboundMessage(whatsappText({ referral })).extras).toEqual({ adReferral: expected });
    });

    it("keeps the product a customer asks about, whichever name the context gives it", () => {
      const product = { catalog_id: "1267260820787549", product_retailer_id: "r07qei73l7" };
      const viaVonage = parseInboundMessage(whatsappText({ context: { whatsapp_referred_product: product } }));
      expect(viaVonage.extras).toEqual({ referredProduct: { catalogId: "1267260820787549", productId: "r07qei73l7" } });
      expect(viaVonage.replyToMessageUuid).toBeUndefined();
      expect(parseInboundMessage(whatsappText({ context: { referred_product: product } })).extras.referredProduct).toEqual({ catalogId: "1267260820787549", productId: "r07qei73l7" });
    });

    it("keeps the WhatsApp username and the SMS keyword", () => {
      expect(parseInboundMessage(whatsappText({ profile: { name: "Ana", username: "ana.b" } }))).toMatchObject({ profileName: "Ana", extras: { username: "ana.b" } });
      expect(parseInboundMessage(buildInboundPayload({ channel: "sms", messageType: "text" })).extras).toEqual({ smsKeyword: "HI" });
    });

    it("drops an extra of an odd shape alone, and still reads the message", () => {
      const message = parseInboundMessage(whatsappText({ whatsapp: { referral: "not an object" }, context: { whatsapp_referred_product: 7 }, profile: { name: "Ana", username: 42 } }));
      expect(message).toMatchObject({ text: "Hi, my parcel arrived damaged. Can you help?", profileName: "Ana", extras: { username: "42" } });
      expect(message.extras.adReferral).toBeUndefined();
    });

    it("keeps every part of an MMS content list beside its main item: media in order, text parts as the text", () => {
      const payload = {
        ...buildInboundPayload({ channel: "mms", messageType: "image" }),
        image: { url: "https://api-us.nexmo.com/v3/media/aaaaaaaa-0000-4000-8000-000000000001", name: "front.jpg" },
        content: [
          { type: "image", url: "https://api-us.nexmo.com/v3/media/aaaaaaaa-0000-4000-8000-000000000001", name: "front.jpg" },
          { type: "text", text: "Both sides of the box" },
          { type: "image", url: "https://api-us.nexmo.com/v3/media/aaaaaaaa-0000-4000-8000-000000000002", name: "back.jpg" },
          { type: "vcard", url: "https://api-us.nexmo.com/v3/media/aaaaaaaa-0000-4000-8000-000000000003", name: "courier.vcf" },
        ],
      };
      const message = parseInboundMessage(payload);
      expect(message.media.map((part) => [part.kind, part.url.slice(-1), part.fileName])).toEqual([
        ["image", "1", "front.jpg"],
        ["image", "2", "back.jpg"],
        ["vcard", "3", "courier.vcf"],
      ]);
      expect(message.text).toBe("Both sides of the box");
      expect(message.content).toBeNull();
      expect(describeMessage(message)).toBe("Photo +2: Both sides of the box");
    });

    it("keeps the files an MMS text carries in content", () => {
      const message = parseInboundMessage({
        ...buildInboundPayload({ channel: "mms", messageType: "text", text: "See attached" }),
        content: [{ type: "text", text: "See attached" }, { type: "file", url: "https://api-us.nexmo.com/v3/media/aaaaaaaa-0000-4000-8000-000000000004", name: "label.pdf" }],
      });
      expect(message.text).toBe("See attached");
      expect(message.media).toEqual([{ kind: "file", url: "https://api-us.nexmo.com/v3/media/aaaaaaaa-0000-4000-8000-000000000004", caption: undefined, fileName: "label.pdf" }]);
    });

    it("keeps media names on images, videos and files as the file name", () => {
      for (const kind of ["image", "video", "file"] as const) {
        const message = parseInboundMessage({ ...buildInboundPayload({ channel: "whatsapp", messageType: kind }), [kind]: { url: "https://api-us.nexmo.com/v3/media/aaaaaaaa-0000-4000-8000-000000000005", name: `IMG-${kind}.bin` } });
        expect(message.media[0]?.fileName).toBe(`IMG-${kind}.bin`);
      }
    });

    it("calls a sticker a sticker", () => {
      const message = parseInboundMessage(buildInboundPayload({ channel: "whatsapp", messageType: "sticker" }));
      expect(message.media[0]?.kind).toBe("sticker");
      expect(describeMessage(message)).toBe("Sticker");
    });
  });
});
