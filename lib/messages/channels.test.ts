import { describe, expect, it } from "vitest";
import { CHANNEL_NAMES, CHANNELS, channelName } from "./channels";

describe("channels", () => {
  it("gives every known channel a display name, no two the same", () => {
    const names = CHANNELS.map((channel) => CHANNEL_NAMES[channel]);
    for (const name of names) expect(name.trim()).not.toBe("");
    expect(new Set(names).size).toBe(CHANNELS.length);
  });

  it("names known channels for people and keeps any other as Vonage sent it", () => {
    expect(channelName("viber_service")).toBe("Viber");
    expect(channelName("whatsapp")).toBe("WhatsApp");
    expect(channelName("carrier_pigeon")).toBe("carrier_pigeon");
    expect(channelName("toString")).toBe("toString");
  });
});
