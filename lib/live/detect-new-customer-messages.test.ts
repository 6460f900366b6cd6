import { describe, expect, it } from "vitest";
import type { ConversationRow } from "../conversations/conversation-row";
import { createNewCustomerMessageDetector, type Viewing } from "./detect-new-customer-messages";
import type { LiveUpdate } from "./live-update";

const at = (minute: number) => new Date(Date.UTC(2026, 10, 30, 9, minute)).toISOString();
const RENDERED_AT = at(10);
const ELSEWHERE: Viewing = { conversationId: null, isVisible: true };

function row(id: string, lastInboundAt: string | null, changes: Partial<ConversationRow> = {}): ConversationRow {
  return {
    id,
    channel: "whatsapp",
    businessNumber: "447700900000",
    status: "open",
    snoozedUntil: null,
    priority: "none",
    lastMessageAt: lastInboundAt ?? at(0),
    lastInboundAt,
    updatedAt: lastInboundAt ?? at(0),
    lastMessagePreview: "Where is my parcel?",
    customer: { address: "447700900001", profileName: "Priya Shah", name: null },
    assignee: null,
    inbox: { id: "cinboxenvironment00000001", name: "Default" },
    labels: [],
    ...changes,
  };
}
let nextId = 1;
const update = (kind: LiveUpdate["kind"], conversation: ConversationRow): LiveUpdate =>
  kind === "erased" ? { id: nextId++, kind, conversationId: conversation.id, messageId: null, conversation: null } : { id: nextId++, kind, conversationId: conversation.id, messageId: "m", conversation };
const person = (id: string) => ({ id, name: null, email: `${id}@example.test` });

describe("which live updates are a new customer message to notify about", () => {
  it("a customer's new message in an unassigned conversation, once", () => {
    const detect = createNewCustomerMessageDetector("me", RENDERED_AT);
    const message = update("message", row("a", at(11)));
    expect(detect(message, ELSEWHERE)?.id).toBe("a");
    // Replayed after a reconnect, or the same row again: already told.
    expect(detect(update("message", row("a", at(11))), ELSEWHERE)).toBeNull();
    expect(detect(update("message", row("a", at(12))), ELSEWHERE)?.id).toBe("a");
  });

  it("in a conversation assigned to the person, but not one assigned to a teammate", () => {
    const detect = createNewCustomerMessageDetector("me", RENDERED_AT);
    expect(detect(update("message", row("mine", at(11), { assignee: person("me") })), ELSEWHERE)?.id).toBe("mine");
    expect(detect(update("message", row("theirs", at(11), { assignee: person("sam") })), ELSEWHERE)).toBeNull();
  });

  it("not for a reply or a note (the customer's time does not move), nor for other kinds of change", () => {
    const detect = createNewCustomerMessageDetector("me", RENDERED_AT);
    expect(detect(update("message", row("a", at(11))), ELSEWHERE)).not.toBeNull();
    const replied = row("a", at(11), { lastMessageAt: at(13), lastMessagePreview: "On its way", updatedAt: at(13) });
    expect(detect(update("message", replied), ELSEWHERE)).toBeNull();
    for (const kind of ["status", "media", "assignment", "state", "read"] as const) expect(detect(update(kind, row(`b-${kind}`, at(14))), ELSEWHERE)).toBeNull();
  });

  it("not for what the customer wrote before the page was rendered (a conversation the tab had not heard of)", () => {
    const detect = createNewCustomerMessageDetector("me", RENDERED_AT);
    expect(detect(update("message", row("old", at(9))), ELSEWHERE)).toBeNull();
    expect(detect(update("message", row("none", null)), ELSEWHERE)).toBeNull();
  });

  it("not while the person looks at that very thread in a visible tab; yes in a hidden one, or on another thread", () => {
    const detect = createNewCustomerMessageDetector("me", RENDERED_AT);
    expect(detect(update("message", row("a", at(11))), { conversationId: "a", isVisible: true })).toBeNull();
    expect(detect(update("message", row("a", at(12))), { conversationId: "a", isVisible: false })?.id).toBe("a");
    expect(detect(update("message", row("a", at(13))), { conversationId: "b", isVisible: true })?.id).toBe("a");
  });

  it("forgets an erased conversation", () => {
    const detect = createNewCustomerMessageDetector("me", RENDERED_AT);
    expect(detect(update("message", row("a", at(20))), ELSEWHERE)).not.toBeNull();
    expect(detect(update("erased", row("a", at(20))), ELSEWHERE)).toBeNull();
    expect(detect(update("message", row("a", at(15))), ELSEWHERE)?.id).toBe("a");
  });
});
