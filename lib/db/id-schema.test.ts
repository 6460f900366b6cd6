import { describe, expect, it } from "vitest";
import { idSchema } from "./id-schema";
import { newId } from "./new-id";

describe("idSchema", () => {
  it.each([["ids from newId()", newId()], ["a Prisma cuid()", "clx2k9a0b0000qz8r4f1h2j3k"]])("accepts %s", (_, id) => {
    expect(idSchema.safeParse(id).success).toBe(true);
  });

  it.each([
    ["a path", "../../etc/passwd"],
    ["uppercase", "CLX2K9A0B0000QZ8R4F1H2J3K"],
    ["too short", "abc123"],
    ["too long", "a".repeat(41)],
    ["punctuation", "clx2k9a0b0000-qz8r4f1h2j"],
    ["empty", ""],
  ])("refuses %s", (_, id) => {
    expect(idSchema.safeParse(id).success).toBe(false);
  });
});
