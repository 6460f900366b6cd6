import { describe, expect, it } from "vitest";
import { describeActivity, interleaveActivity, type ThreadActivity } from "./thread-activity";

const SAM = "csam0000000000000000000001";
const PRIYA = "cpriya00000000000000000001";

function activity(kind: string, detail: Record<string, string | null> = {}, options: { actor?: string | null; actorId?: string | null; at?: string } = {}): ThreadActivity {
  return {
    id: `${kind}-${options.at ?? "x"}`,
    kind,
    actor: options.actor === undefined ? "Sam" : options.actor,
    actorId: options.actorId === undefined ? SAM : options.actorId,
    detail,
    createdAt: options.at ?? "2026-03-10T10:42:00.000Z",
  };
}

describe("describeActivity", () => {
  it.each([
    [activity("assigned", { assigneeId: PRIYA, assignee: "Priya" }), "Sam assigned this to Priya"],
    [activity("assigned", { assigneeId: SAM, assignee: "Sam" }), "Sam took this"],
    [activity("unassigned"), "Sam unassigned this"],
    [activity("resolved"), "Sam resolved this"],
    [activity("reopened"), "Sam reopened this"],
    [activity("pending"), "Sam set this to pending"],
    [activity("woke", {}, { actor: null, actorId: null }), "Snooze ended"],
    [activity("prioritised", { priority: "high" }), "Sam set priority to high"],
    [activity("prioritised", { priority: "none" }), "Sam removed the priority"],
    [activity("labelled", { label: "Refund", color: "red" }), "Sam added the label Refund"],
    [activity("unlabelled", { label: "Refund", color: "red" }), "Sam removed the label Refund"],
    // The person was deleted since: the line still reads.
    [activity("resolved", {}, { actor: null, actorId: null }), "A former colleague resolved this"],
    // A kind written by a newer CareDesk than this page knows.
    [activity("merged"), "Sam changed this"],
  ])("%#: %s", (line, text) => {
    expect(describeActivity(line, "cviewer0000000000000000001").text).toBe(text);
  });

  it("says you to the person it was assigned to", () => {
    expect(describeActivity(activity("assigned", { assigneeId: PRIYA, assignee: "Priya" }), PRIYA).text).toBe("Sam assigned this to you");
  });

  it("leaves the snooze's end to be shown in the reader's time zone", () => {
    expect(describeActivity(activity("snoozed", { until: "2026-03-16T09:00:00.000Z" }), PRIYA)).toEqual({ text: "Sam snoozed this until", snoozedUntil: "2026-03-16T09:00:00.000Z" });
  });
});

describe("interleaveActivity", () => {
  const message = (id: string, sentAt: string) => ({ id, sentAt });

  it("puts each line between the messages around it in time, a tie before the message, the rest at the end", () => {
    const messages = [message("m1", "2026-03-10T10:00:00.000Z"), message("m2", "2026-03-10T11:00:00.000Z")];
    const lines = [
      activity("assigned", {}, { at: "2026-03-10T09:00:00.000Z" }),
      activity("labelled", {}, { at: "2026-03-10T10:30:00.000Z" }),
      activity("pending", {}, { at: "2026-03-10T11:00:00.000Z" }),
      activity("resolved", {}, { at: "2026-03-10T12:00:00.000Z" }),
    ];
    const order = interleaveActivity(messages, lines).map((item) => (item.type === "message" ? item.message.id : item.activity.kind));
    expect(order).toEqual(["assigned", "m1", "labelled", "pending", "m2", "resolved"]);
  });

  it("shows messages alone, or activity alone", () => {
    expect(interleaveActivity([message("m1", "2026-03-10T10:00:00.000Z")], []).map((item) => item.type)).toEqual(["message"]);
    expect(interleaveActivity([], [activity("resolved")]).map((item) => item.type)).toEqual(["activity"]);
  });
});
