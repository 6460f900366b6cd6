import { describe, expect, it } from "vitest";
import { newId } from "./new-id";

describe("newId", () => {
  it("has the shape of Prisma's cuid(), which every id check in CareDesk accepts", () => {
    for (let i = 0; i < 1_000; i++) expect(newId()).toMatch(/^c[a-z0-9]{24}$/);
  });

  it("does not repeat", () => {
    const ids = new Set(Array.from({ length: 50_000 }, newId));
    expect(ids.size).toBe(50_000);
  });
});
