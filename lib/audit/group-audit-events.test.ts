import { describe, expect, it } from "vitest";
import { groupAuditEvents, type AuditRow } from "./group-audit-events";

let sequence = 0;
const row = (action: string, actorId: string, targetId: string | null): AuditRow => ({
  id: `event-${(sequence += 1)}`,
  createdAt: new Date(),
  actorId,
  actorEmail: `${actorId}@example.com`,
  action,
  targetType: targetId ? "media" : null,
  targetId,
  detail: null,
  ipAddress: null,
});

describe("groupAuditEvents", () => {
  it("folds one person's consecutive views of one file, and nothing else", () => {
    const rows = [
      row("media.viewed", "priya", "video-1"),
      row("media.viewed", "priya", "video-1"),
      row("media.viewed", "priya", "video-1"),
      row("media.viewed", "sam", "video-1"),
      row("media.viewed", "priya", "photo-2"),
      row("auth.sign_in", "priya", null),
      row("auth.sign_in", "priya", null),
      row("media.viewed", "priya", "video-1"),
    ];
    expect(groupAuditEvents(rows).map((group) => group.rows.length)).toEqual([3, 1, 1, 1, 1, 1]);
  });
});
