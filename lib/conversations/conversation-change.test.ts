import { describe, expect, it } from "vitest";
import { conversationChangeSchema } from "./conversation-change";

describe("conversationChangeSchema", () => {
  it("answers an unknown or missing kind (a forged form) with a sentence a person can act on", () => {
    for (const input of [{ kind: "delete_everything" }, {}]) {
      const result = conversationChangeSchema.safeParse(input);
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.message).toBe("Choose what to do: that action is not one CareDesk knows.");
    }
  });

  it("still names the field a known kind is missing", () => {
    const result = conversationChangeSchema.safeParse({ kind: "priority", priority: "whenever" });
    expect(result.error?.issues[0]?.message).toBe("Choose a priority.");
  });
});
