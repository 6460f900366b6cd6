import { describe, expect, it } from "vitest";
import { formatAddress } from "./format-address";

describe("formatAddress", () => {
  it.each([
    ["447700900123", "+44 7700 900123"],
    ["+447700900123", "+44 7700 900123"],
    ["442079460958", "+44 20 7946 0958"],
    ["14155550100", "+1 415 555 0100"],
    ["33612345678", "+33 612 345 678"],
    ["4915123456789", "+49 151 2345 6789"],
    ["35312345678", "+353 1234 5678"],
    ["79161234567", "+7 916 123 4567"],
  ])("shows the number %s as %s", (address, shown) => {
    expect(formatAddress(address, "whatsapp")).toBe(shown);
    expect(formatAddress(address)).toBe(shown);
  });

  it.each([
    ["a Messenger PSID", "4827165093821746", "messenger"],
    ["a Messenger id of phone length", "447700900123", "messenger"],
    ["a sender name", "CareDesk", "sms"],
    ["an RCS agent id", "CareDeskRCS", "rcs"],
    ["a short code", "60123", "sms"],
    ["digits starting with 0", "07700900123", "sms"],
    ["too many digits for a number", "1234567890123456", "whatsapp"],
  ])("leaves %s as it is", (_, address, channel) => {
    expect(formatAddress(address, channel)).toBe(address);
  });

  it("without a channel, leaves ids longer than any everyday number as they are", () => {
    expect(formatAddress("10293847561029")).toBe("10293847561029");
  });
});
