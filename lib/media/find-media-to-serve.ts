// What GET /api/media/{id} needs to answer: the media item, its stored files (original,
// preview) and what access is decided on (its conversation's inbox and assignee), in one
// statement sent straight to the driver adapter. Every media request makes it;
// through the Prisma client the same read was two statements and about ten times the CPU.
import "server-only";
import { getDbAdapter } from "../db";
import { querySql } from "../db/sql-transaction";
import { dateFromSql, integerFromSql, optionalIntegerFromSql } from "../db/sql-values";
import { Prisma } from "../generated/sqlite/client";
import type { ServedFile } from "./serve-archived-media";

export type MediaToServe = {
  id: string;
  vonageUrl: string;
  fileName: string | null;
  contentType: string | null;
  sizeBytes: number | null;
  archiveState: string;
  files: ServedFile[];
  /** For lib/conversations/conversation-access.ts, and the inbox whose application fetches it. */
  conversation: { inboxId: string; assigneeId: string | null };
};

type Row = {
  id: string;
  vonageUrl: string;
  fileName: string | null;
  contentType: string | null;
  sizeBytes: unknown;
  archiveState: string;
  inboxId: string;
  assigneeId: string | null;
  /** Null when the item has no stored file (the LEFT JOIN's empty side). */
  fileId: string | null;
  variant: string;
  storageKey: string;
  fileContentType: string;
  plainBytes: unknown;
  segmentBytes: unknown;
  wrappedKey: string;
  keyId: string;
  fileCreatedAt: unknown;
};

/** The item with every stored file of it, or null when no item has this id. */
export async function findMediaToServe(mediaId: string): Promise<MediaToServe | null> {
  const rows = await querySql<Row>(
    await getDbAdapter(),
    Prisma.sql`SELECT m."id", m."vonageUrl", m."fileName", m."contentType", m."sizeBytes", m."archiveState", c."inboxId", c."assigneeId",
        f."id" AS "fileId", f."variant", f."storageKey", f."contentType" AS "fileContentType", f."plainBytes", f."segmentBytes",
        f."wrappedKey", f."keyId", f."createdAt" AS "fileCreatedAt"
      FROM "MediaItem" m
        JOIN "Message" message ON message."id" = m."messageId"
        JOIN "Conversation" c ON c."id" = message."conversationId"
        LEFT JOIN "StoredFile" f ON f."mediaItemId" = m."id"
      WHERE m."id" = ${mediaId}`,
  );
  const [item] = rows;
  if (!item) return null;
  return {
    id: item.id,
    vonageUrl: item.vonageUrl,
    fileName: item.fileName,
    contentType: item.contentType,
    sizeBytes: optionalIntegerFromSql(item.sizeBytes),
    archiveState: item.archiveState,
    conversation: { inboxId: item.inboxId, assigneeId: item.assigneeId },
    files: rows.flatMap((row) =>
      row.fileId === null
        ? []
        : [
            {
              id: row.fileId,
              variant: row.variant,
              storageKey: row.storageKey,
              contentType: row.fileContentType,
              plainBytes: integerFromSql(row.plainBytes),
              segmentBytes: integerFromSql(row.segmentBytes),
              wrappedKey: row.wrappedKey,
              keyId: row.keyId,
              createdAt: dateFromSql(row.fileCreatedAt),
            },
          ],
    ),
  };
}
