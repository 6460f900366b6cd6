import { describe, expect, it } from "vitest";
import { decodeCursor, olderThan, toPage } from "./keyset-page";

describe("keyset pages", () => {
  it("decodes only well-formed cursors with a representable time", () => {
    expect(decodeCursor("1764345600000_abc123")).toEqual({ at: new Date(1764345600000), id: "abc123" });
    for (const bad of [undefined, "", "x_y", "9999999999999999_abc", "1_ABC", "1_a;drop"]) expect(decodeCursor(bad)).toBeUndefined();
  });

  it("asks for rows strictly after the cursor, breaking time ties by id", () => {
    const at = new Date(1000);
    expect(olderThan("sentAt", { at, id: "m5" })).toEqual({ OR: [{ sentAt: { lt: at } }, { sentAt: at, id: { lt: "m5" } }] });
  });

  it("returns the page and the next cursor only when there is more", () => {
    const rows = [1, 2, 3].map((n) => ({ id: `r${n}`, at: new Date(n * 1000) }));
    expect(toPage(rows, 2, (row) => row.at)).toEqual({ page: rows.slice(0, 2), nextCursor: "2000_r2" });
    expect(toPage(rows.slice(0, 2), 2, (row) => row.at)).toEqual({ page: rows.slice(0, 2), nextCursor: null });
  });
});
