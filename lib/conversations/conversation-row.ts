// One row of the inbox, as the page renders it and as a live update carries it to open tabs: the
// same select and the same shape, so a row changed live looks exactly like a row rendered.
//
// Unread is per person. A rendered row carries its reader's own read state; a row a live update
// carries is shared by every tab, so it carries none, and a tab keeps the state it knew (a "read"
// update, sent to its one person only, carries theirs).
import type { Prisma } from "../generated/sqlite/client";

export type ReadState = { readAt: string | null; isMarkedUnread: boolean };

export const NEVER_READ: ReadState = { readAt: null, isMarkedUnread: false };

export type ConversationLabelTag = { id: string; name: string; color: string };

export type ConversationRow = {
  id: string;
  channel: string;
  businessNumber: string;
  /** open | pending | snoozed | resolved */
  status: string;
  snoozedUntil: string | null;
  /** none | low | medium | high | urgent */
  priority: string;
  /** ISO dates: rows travel as JSON to the browser. */
  lastMessageAt: string;
  /** The customer's newest message: unread is measured against it. */
  lastInboundAt: string | null;
  /** Orders two versions of the same row: a tab keeps the newer. */
  updatedAt: string;
  lastMessagePreview: string;
  customer: { address: string; profileName: string | null; name: string | null };
  assignee: { id: string; name: string | null; email: string } | null;
  inbox: { id: string; name: string };
  labels: ConversationLabelTag[];
  /** The viewer's own read state; absent on rows shared by live updates (see above). */
  readState?: ReadState;
};

export const CONVERSATION_ROW_SELECT = {
  id: true,
  channel: true,
  businessNumber: true,
  status: true,
  snoozedUntil: true,
  priority: true,
  lastMessageAt: true,
  lastInboundAt: true,
  updatedAt: true,
  lastMessagePreview: true,
  contact: { select: { address: true, profileName: true, name: true } },
  assignee: { select: { id: true, name: true, email: true } },
  inbox: { select: { id: true, name: true } },
  labels: { select: { label: { select: { id: true, name: true, color: true } } }, orderBy: { label: { name: "asc" } } },
} satisfies Prisma.ConversationSelect;

/** The row's select with `userId`'s own read state. */
export function conversationRowSelectFor(userId: string) {
  return { ...CONVERSATION_ROW_SELECT, reads: { where: { userId }, select: { readAt: true, isMarkedUnread: true } } } satisfies Prisma.ConversationSelect;
}

type SelectedRow = Prisma.ConversationGetPayload<{ select: typeof CONVERSATION_ROW_SELECT }>;
type SelectedRowWithRead = Prisma.ConversationGetPayload<{ select: ReturnType<typeof conversationRowSelectFor> }>;

export function toConversationRow(selected: SelectedRow | SelectedRowWithRead): ConversationRow {
  const row: ConversationRow = {
    id: selected.id,
    channel: selected.channel,
    businessNumber: selected.businessNumber,
    status: selected.status,
    snoozedUntil: selected.snoozedUntil?.toISOString() ?? null,
    priority: selected.priority,
    lastMessageAt: selected.lastMessageAt.toISOString(),
    lastInboundAt: selected.lastInboundAt?.toISOString() ?? null,
    updatedAt: selected.updatedAt.toISOString(),
    lastMessagePreview: selected.lastMessagePreview,
    customer: selected.contact,
    assignee: selected.assignee,
    inbox: selected.inbox,
    labels: selected.labels.map(({ label }) => label),
  };
  if ("reads" in selected) {
    const [read] = selected.reads;
    row.readState = read ? { readAt: read.readAt.toISOString(), isMarkedUnread: read.isMarkedUnread } : NEVER_READ;
  }
  return row;
}

/** Unread for its reader: marked so, or the customer wrote after they last read it. */
export function isUnread(conversation: { lastInboundAt: string | null }, readState: ReadState): boolean {
  if (readState.isMarkedUnread) return true;
  if (conversation.lastInboundAt === null) return false;
  return readState.readAt === null || conversation.lastInboundAt > readState.readAt;
}

/** The name agents know the customer by: the one they gave, Vonage's profile name, or the formatted address. */
export function customerName(customer: { name: string | null; profileName: string | null }, fallback: string): string {
  return customer.name ?? customer.profileName ?? fallback;
}
