import { describe, expect, it } from "vitest";
import { AUDIT_ACTION_LABELS, AUDIT_ACTIONS, auditActionLabel } from "./audit-actions";

describe("audit actions", () => {
  it.each(AUDIT_ACTIONS)("%s has a label in words, not its key", (action) => {
    const label = AUDIT_ACTION_LABELS[action];
    expect(label.trim()).not.toBe("");
    expect(label).not.toBe(action);
    expect(label).not.toMatch(/^[a-z_]+\.[a-z_]+$/);
  });

  it("gives no two actions the same label, so the trail never blurs them", () => {
    const labels = AUDIT_ACTIONS.map((action) => AUDIT_ACTION_LABELS[action]);
    expect(new Set(labels).size).toBe(labels.length);
  });

  it("labels a stored action, and shows an action it does not know as stored", () => {
    expect(auditActionLabel("conversation.resolved")).toBe("Resolved a conversation");
    expect(auditActionLabel("media.viewed")).toBe("Opened customer media");
    expect(auditActionLabel("conversation.archived")).toBe("conversation.archived");
    expect(auditActionLabel("toString")).toBe("toString");
  });
});
