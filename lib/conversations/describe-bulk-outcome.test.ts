import { describe, expect, it } from "vitest";
import { describeBulkOutcome } from "./describe-bulk-outcome";

const outcome = (changed: number, outOfReach = 0, failed = 0, failure: string | null = null) => ({ changed, outOfReach, failed, failure });

describe("describeBulkOutcome", () => {
  it.each([
    ["resolve", outcome(3), "Resolved 3 conversations."],
    ["resolve", outcome(1), "Resolved 1 conversation."],
    ["assign", outcome(2, 1), "Assigned 2 conversations. 1 was out of your reach (gone, or no longer yours to see)."],
    ["label", outcome(0, 2), "2 were out of your reach (gone, or no longer yours to see)."],
    [
      "label",
      outcome(1, 0, 2, "That label no longer exists: an admin may have deleted it."),
      "Labelled 1 conversation. 2 could not be changed: That label no longer exists: an admin may have deleted it.",
    ],
    ["resolve", outcome(0, 0, 1), "1 could not be changed. Try again."],
  ] as const)("%s %j: %s", (kind, result, text) => {
    expect(describeBulkOutcome(kind, result)).toBe(text);
  });
});
