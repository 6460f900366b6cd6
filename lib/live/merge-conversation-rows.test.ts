import { describe, expect, it } from "vitest";
import { conversationFilterSchema } from "../conversations/conversation-filters";
import type { ConversationRow } from "../conversations/conversation-row";
import type { LiveUpdate } from "./live-update";
import { mergeConversationRows } from "./merge-conversation-rows";

function row(id: string, minute: number, changes: Partial<ConversationRow> = {}): ConversationRow {
  const at = new Date(Date.UTC(2026, 10, 29, 12, minute)).toISOString();
  return {
    id,
    channel: "whatsapp",
    businessNumber: "447700900000",
    status: "open",
    snoozedUntil: null,
    priority: "none",
    lastMessageAt: at,
    lastInboundAt: at,
    updatedAt: at,
    lastMessagePreview: `message ${minute}`,
    customer: { address: "447700900001", profileName: null, name: null },
    assignee: null,
    inbox: { id: "cinboxenvironment00000001", name: "Default" },
    labels: [],
    ...changes,
  };
}
let nextId = 1;
const update = (conversation: ConversationRow): LiveUpdate => ({ id: nextId++, kind: "message", conversationId: conversation.id, messageId: null, conversation });
const view = (query: Record<string, string> = {}) => ({ filter: conversationFilterSchema.parse(query), currentUserId: "me" });

describe("merging live updates into an inbox page", () => {
  const page = [row("b", 20), row("a", 10)];

  it("moves a conversation with a new message to the top", () => {
    const { rows } = mergeConversationRows(page, [update(row("a", 30))], view());
    expect(rows.map((item) => item.id)).toEqual(["a", "b"]);
    expect(rows[0]!.lastMessagePreview).toBe("message 30");
  });

  it("adds a new conversation on the first page", () => {
    expect(mergeConversationRows(page, [update(row("c", 25))], view()).rows.map((item) => item.id)).toEqual(["c", "b", "a"]);
  });

  it("removes a row that no longer matches (resolved while showing open ones)", () => {
    const result = mergeConversationRows(page, [update(row("a", 10, { status: "resolved", updatedAt: row("a", 40).updatedAt }))], view());
    expect(result.rows.map((item) => item.id)).toEqual(["b"]);
    expect(result.notShownIds).toEqual([]);
  });

  it("keeps the newer row when an older one arrives late", () => {
    const newer = row("a", 30);
    const { rows } = mergeConversationRows([newer], [update(row("a", 10))], view());
    expect(rows[0]!.lastMessagePreview).toBe("message 30");
  });

  it("applies assignment filters with the reader's own id", () => {
    const mine = row("c", 25, { assignee: { id: "me", name: null, email: "me@example.test" } });
    const theirs = row("d", 26, { assignee: { id: "them", name: null, email: "them@example.test" } });
    expect(mergeConversationRows([], [update(mine), update(theirs)], view({ assigned: "me" })).rows.map((item) => item.id)).toEqual(["c"]);
  });

  it("drops an erased conversation, and forgets it was waiting to be shown", () => {
    const erased: LiveUpdate = { id: nextId++, kind: "erased", conversationId: "a", messageId: null, conversation: null };
    expect(mergeConversationRows(page, [erased], view()).rows.map((item) => item.id)).toEqual(["b"]);
    const search = mergeConversationRows(page, [update(row("c", 25)), { ...erased, conversationId: "c" }], view({ q: "parcel" }));
    expect(search.notShownIds).toEqual([]);
  });

  it("only counts what a search or an older page cannot place", () => {
    const search = mergeConversationRows(page, [update(row("c", 25)), update(row("b", 26))], view({ q: "parcel" }));
    expect(search.rows.map((item) => item.id)).toEqual(["b", "a"]);
    expect(search.notShownIds).toEqual(["c"]);
    const older = mergeConversationRows(page, [update(row("c", 25))], view({ after: "1700000000000_abc" }));
    expect(older.notShownIds).toEqual(["c"]);
  });
});
