// One row of the inbox, as the page renders it and as a live update carries it to open tabs: the
// same select and the same shape, so a row changed live looks exactly like a row rendered.
import type { Prisma } from "../generated/sqlite/client";

export type ConversationRow = {
  id: string;
  channel: string;
  businessNumber: string;
  status: string;
  isUnread: boolean;
  /** ISO dates: rows travel as JSON to the browser. */
  lastMessageAt: string;
  /** Orders two versions of the same row: a tab keeps the newer. */
  updatedAt: string;
  lastMessagePreview: string;
  customer: { address: string; profileName: string | null };
  assignee: { id: string; name: string | null; email: string } | null;
  inbox: { id: string; name: string };
};

export const CONVERSATION_ROW_SELECT = {
  id: true,
  channel: true,
  businessNumber: true,
  status: true,
  isUnread: true,
  lastMessageAt: true,
  updatedAt: true,
  lastMessagePreview: true,
  contact: { select: { address: true, profileName: true } },
  assignee: { select: { id: true, name: true, email: true } },
  inbox: { select: { id: true, name: true } },
} satisfies Prisma.ConversationSelect;

type SelectedRow = Prisma.ConversationGetPayload<{ select: typeof CONVERSATION_ROW_SELECT }>;

export function toConversationRow({ contact, lastMessageAt, updatedAt, ...row }: SelectedRow): ConversationRow {
  return { ...row, lastMessageAt: lastMessageAt.toISOString(), updatedAt: updatedAt.toISOString(), customer: contact };
}
