// How an inbox page takes in live updates without asking the server: a changed row is replaced,
// a row that no longer matches the page's filters leaves, a new match on the first page comes in
// at its place. What the page cannot place itself (a search, an older page) is only counted.
import type { ConversationFilter } from "../conversations/conversation-filters";
import { NEVER_READ, type ConversationRow } from "../conversations/conversation-row";
import type { LiveUpdate } from "./live-update";

export type ListView = { filter: ConversationFilter; currentUserId: string };

/** Whether the row belongs on this page's filters; undefined when only the server can tell (a search). */
function matchesFilter(row: ConversationRow, { filter, currentUserId }: ListView): boolean | undefined {
  if (filter.status !== "all" && row.status !== filter.status) return false;
  if (filter.channel && row.channel !== filter.channel) return false;
  if (filter.assigned === "me" && row.assignee?.id !== currentUserId) return false;
  if (filter.assigned === "unassigned" && row.assignee !== null) return false;
  if (filter.inbox && row.inbox.id !== filter.inbox) return false;
  if (filter.label && !row.labels.some((label) => label.id === filter.label)) return false;
  return filter.q ? undefined : true;
}

const newestFirst = (a: ConversationRow, b: ConversationRow) => b.lastMessageAt.localeCompare(a.lastMessageAt) || b.id.localeCompare(a.id);

export function mergeConversationRows(rows: ConversationRow[], updates: LiveUpdate[], view: ListView): { rows: ConversationRow[]; notShownIds: string[] } {
  const byId = new Map(rows.map((row) => [row.id, row]));
  const notShown = new Set<string>();
  // Only the first page without a search takes new rows: elsewhere a newcomer's place is unknown.
  const canPlaceNew = !view.filter.after && !view.filter.q;
  for (const update of updates) {
    if (update.kind === "erased") {
      byId.delete(update.conversationId);
      notShown.delete(update.conversationId);
      continue;
    }
    const { conversation } = update;
    const current = byId.get(conversation.id);
    if (current && current.updatedAt > conversation.updatedAt) continue;
    const matches = matchesFilter(conversation, view);
    // A shared row carries no read state: the tab keeps what it knew of its person's.
    const row = conversation.readState ? conversation : { ...conversation, readState: current?.readState ?? NEVER_READ };
    if (current) {
      if (matches === false) byId.delete(conversation.id);
      else byId.set(conversation.id, row);
    } else if (matches === true && canPlaceNew) {
      byId.set(conversation.id, row);
    } else if (matches !== false) {
      notShown.add(conversation.id);
    }
  }
  return { rows: [...byId.values()].sort(newestFirst), notShownIds: [...notShown] };
}
