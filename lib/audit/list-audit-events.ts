import "server-only";
import { z } from "zod";
import { assertAdmin } from "../auth/assert-admin";
import type { CurrentUser } from "../auth/current-user";
import { getDb } from "../db";
import { CURSOR_PATTERN, decodeCursor, olderThan, toPage } from "../db/keyset-page";
import { customerName } from "../conversations/conversation-row";
import { formatAddress } from "../messages/format-address";
import { auditActionLabel } from "./audit-actions";
import { groupAuditEvents, type AuditRow } from "./group-audit-events";

export const AUDIT_PAGE_SIZE = 50;

const dateOnly = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)))
  .optional()
  .catch(undefined);

/** The audit page's search parameters; anything malformed is ignored rather than failing the page. */
export const auditFilterSchema = z.object({
  person: z.string().trim().toLowerCase().max(200).optional().catch(undefined),
  action: z.string().trim().max(100).optional().catch(undefined),
  from: dateOnly,
  to: dateOnly,
  /** Keyset cursor: "<createdAt ms>_<id>" of the last row of the previous page. */
  after: z.string().regex(CURSOR_PATTERN).optional().catch(undefined),
});
export type AuditFilter = z.infer<typeof auditFilterSchema>;

/** One line of the audit page: what a person did, in words, with the stored details on demand. */
export type AuditEntry = {
  id: string;
  /** The newest of the grouped rows, and the oldest. */
  createdAt: Date;
  firstAt: Date;
  actorEmail: string | null;
  /** "Opened" + "Priya Shah's photo" (a link to the conversation), or the action's label alone. */
  summary: { text: string; subject: { text: string; href: string } | null };
  /** How many stored rows this line stands for (a video's ranges). */
  count: number;
  /** The stored target and detail of every row, for whoever unfolds them. */
  details: string[];
  ipAddress: string | null;
};

const MEDIA_WORDS: Record<string, string> = { image: "photo", audio: "voice note", video: "video", file: "document", vcard: "contact card", sticker: "sticker" };

/** The sentence's verb for an action on one file; the label stands for any other. */
const MEDIA_VERBS: Record<string, string> = { "media.viewed": "Opened", "media.archive_retried": "Retried archiving", "media.integrity_failed": "Failed the integrity check:" };

function describeDetail(row: AuditRow): string {
  const detail = row.detail && typeof row.detail === "object" ? Object.entries(row.detail as Record<string, unknown>).map(([key, value]) => `${key}: ${String(value)}`) : [];
  return [row.targetType && row.targetId ? `${row.targetType} ${row.targetId}` : "", ...detail].filter(Boolean).join(" · ");
}

type Customer = { name: string | null; profileName: string | null; address: string; channel: string };
const nameOf = (contact: Customer) => customerName(contact, formatAddress(contact.address, contact.channel));

/** The files and conversations the rows name, looked up in two queries: a person reads names, not ids. */
async function lookUpTargets(rows: AuditRow[]) {
  const idsOf = (type: string) => [...new Set(rows.filter((row) => row.targetType === type && row.targetId).map((row) => row.targetId!))];
  const [mediaIds, conversationIds] = [idsOf("media"), idsOf("conversation")];
  const [media, conversations] = await Promise.all([
    mediaIds.length
      ? getDb().mediaItem.findMany({
          where: { id: { in: mediaIds } },
          select: { id: true, kind: true, fileName: true, message: { select: { conversationId: true, conversation: { select: { channel: true, contact: { select: { name: true, profileName: true, address: true, channel: true } } } } } } },
        })
      : [],
    conversationIds.length
      ? getDb().conversation.findMany({ where: { id: { in: conversationIds } }, select: { id: true, contact: { select: { name: true, profileName: true, address: true, channel: true } } } })
      : [],
  ]);
  return { mediaById: new Map(media.map((item) => [item.id, item])), conversationById: new Map(conversations.map((item) => [item.id, item])) };
}

function summarize(row: AuditRow, targets: Awaited<ReturnType<typeof lookUpTargets>>): AuditEntry["summary"] {
  const label = auditActionLabel(row.action);
  const media = row.targetType === "media" && row.targetId ? targets.mediaById.get(row.targetId) : undefined;
  if (media) {
    const what = media.kind === "file" && media.fileName ? `document “${media.fileName}”` : (MEDIA_WORDS[media.kind] ?? "file");
    return {
      text: MEDIA_VERBS[row.action] ?? label,
      subject: { text: `${nameOf(media.message.conversation.contact)}’s ${what}`, href: `/conversations/${media.message.conversationId}` },
    };
  }
  const conversation = row.targetType === "conversation" && row.targetId ? targets.conversationById.get(row.targetId) : undefined;
  if (conversation) return { text: label, subject: { text: `with ${nameOf(conversation.contact)}`, href: `/conversations/${conversation.id}` } };
  return { text: label, subject: null };
}

export async function listAuditEvents(actor: CurrentUser, filter: AuditFilter) {
  assertAdmin(actor);
  const createdAt: { gte?: Date; lt?: Date } = {};
  if (filter.from) createdAt.gte = new Date(`${filter.from}T00:00:00.000Z`);
  if (filter.to) createdAt.lt = new Date(new Date(`${filter.to}T00:00:00.000Z`).getTime() + 86_400_000);
  const after = decodeCursor(filter.after);

  const rows = await getDb().auditEvent.findMany({
    where: {
      ...(filter.person ? { actorEmail: { contains: filter.person } } : {}),
      ...(filter.action ? { action: { startsWith: filter.action } } : {}),
      ...(filter.from || filter.to ? { createdAt } : {}),
      ...(after ? olderThan("createdAt", after) : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: AUDIT_PAGE_SIZE + 1,
  });
  const { page, nextCursor } = toPage(rows, AUDIT_PAGE_SIZE, (row) => row.createdAt);
  const targets = await lookUpTargets(page);
  const entries: AuditEntry[] = groupAuditEvents(page).map(({ rows: grouped }) => {
    const newest = grouped[0]!;
    return {
      id: newest.id,
      createdAt: newest.createdAt,
      firstAt: grouped.at(-1)!.createdAt,
      actorEmail: newest.actorEmail,
      summary: summarize(newest, targets),
      count: grouped.length,
      details: grouped.map(describeDetail).filter(Boolean),
      ipAddress: newest.ipAddress,
    };
  });
  return { entries, nextCursor };
}
