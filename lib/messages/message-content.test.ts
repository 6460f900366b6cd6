import { describe, expect, it } from "vitest";
import { fromStoredContent, toStoredContent } from "./message-content";

describe("Message.content with extras", () => {
  it("stores the content alone when there are no extras, as rows did before", () => {
    expect(toStoredContent(null, {})).toBeNull();
    expect(toStoredContent({ kind: "unsupported" }, {})).toEqual({ kind: "unsupported" });
  });

  it("reads back the content and the extras it stored, for a text message and a located one alike", () => {
    const extras = { smsKeyword: "HI", referredProduct: { catalogId: "c-1", productId: "p-1" } };
    expect(fromStoredContent(toStoredContent(null, extras))).toEqual({ content: null, extras });
    const location = { kind: "location" as const, lat: 1, long: 2 };
    expect(fromStoredContent(toStoredContent(location, extras))).toEqual({ content: location, extras });
    expect(fromStoredContent({ kind: "unsupported" })).toEqual({ content: { kind: "unsupported" }, extras: {} });
    expect(fromStoredContent(null)).toEqual({ content: null, extras: {} });
  });
});
