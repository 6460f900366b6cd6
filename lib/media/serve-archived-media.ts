// GET /api/media/{id} for a file CareDesk has archived: served from its own storage, decrypted as
// it streams, with what the Vonage proxy answers too (single ranges, ETag, 304, 416, the same
// security headers). A file that fails its integrity check is never served: refused before the
// first byte when the key or the first segment is wrong, cut off (never completed) when a later
// segment is, and either way recorded as media.integrity_failed for an admin.
import "server-only";
import type { Readable } from "node:stream";
import { recordAuditEvent } from "../audit/record-audit-event";
import { AppError } from "../errors";
import { getLogger } from "../logger";
import { ArchiveIntegrityError } from "../media-archive/encrypted-file";
import { readArchivedFile, type ArchivedFile } from "../media-archive/read-archived-file";
import type { MediaAnswer, MediaRequest, MediaView } from "./media-request";
import { cleanContentType, contentDisposition, MEDIA_SECURITY_HEADERS, safeFileName } from "./media-headers";
import { parseByteRange } from "./parse-byte-range";

export type ServedFile = ArchivedFile & { id: string; variant: string; contentType: string; createdAt: Date };

export const INTEGRITY_FAILED_MESSAGE =
  "This file in CareDesk's archive failed its integrity check, so it was not served. An admin can see this in the audit log.";

/** The stored file's id names exactly these bytes: a re-archived file gets a new row, so a new tag. */
const etagOf = (file: ServedFile) => `"${file.id}"`;

function isNotModified(conditionalHeaders: Record<string, string>, etag: string, lastModified: Date): boolean {
  const ifNoneMatch = conditionalHeaders["if-none-match"];
  if (ifNoneMatch) return ifNoneMatch.trim() === "*" || ifNoneMatch.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag);
  const since = Date.parse(conditionalHeaders["if-modified-since"] ?? "");
  return Number.isFinite(since) && Math.floor(lastModified.getTime() / 1000) * 1000 <= since;
}

function reportIntegrityFailure(request: MediaRequest, file: ServedFile, error: ArchiveIntegrityError, isMidStream: boolean): void {
  getLogger().error({ requestId: request.requestId, mediaId: request.mediaId, storedFileId: file.id, reason: error.message, isMidStream }, "archived media failed its integrity check");
  recordAuditEvent({
    actor: { id: request.user.id, email: request.user.email },
    action: "media.integrity_failed",
    targetType: "media",
    targetId: request.mediaId,
    detail: { variant: file.variant, storedFileId: file.id, keyId: file.keyId, reason: error.message, isMidStream },
    ipAddress: request.ipAddress,
  }).catch((auditError: unknown) => getLogger().error({ requestId: request.requestId, err: String(auditError) }, "integrity audit not recorded"));
}

function refusal(request: MediaRequest, file: ServedFile, error: unknown): MediaAnswer {
  if (error instanceof ArchiveIntegrityError) {
    reportIntegrityFailure(request, file, error, false);
    return { error: new AppError("internal", INTEGRITY_FAILED_MESSAGE), view: Promise.resolve({ status: 500, bytes: 0, outcome: "integrity_failed" }) };
  }
  getLogger().error({ requestId: request.requestId, mediaId: request.mediaId, err: String(error) }, "archive storage not readable");
  return {
    error: new AppError("unavailable", "CareDesk's media archive could not be read just now; try again in a moment.", { retryAfterSeconds: 5 }),
    view: Promise.resolve({ status: 503, bytes: 0, outcome: "storage_failed" }),
  };
}

/**
 * The decrypted body as a web stream, one decrypted segment (512 KiB) per chunk: already as large
 * as the proxy gathers its socket reads into, so joining two would only copy every byte once more.
 * The first chunk was read already, so a file whose first segment is bad never got this far; a
 * later bad segment errors the stream, which aborts the response: the browser sees a failed download.
 */
function archiveBodyStream(
  plain: Readable,
  iterator: AsyncIterator<Buffer>,
  first: Buffer | null,
  options: { onIntegrityFailure: (error: ArchiveIntegrityError) => void; onEnd: (bytes: number, outcome: string) => void },
): ReadableStream<Uint8Array> {
  let bytes = 0;
  let waiting: Buffer | null = first;
  let isFinished = false;
  const finish = (outcome: string) => {
    if (isFinished) return;
    isFinished = true;
    options.onEnd(bytes, outcome);
  };
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        let chunk = waiting;
        waiting = null;
        if (chunk === null) {
          try {
            const next = await iterator.next();
            chunk = next.done ? null : next.value;
          } catch (error) {
            if (error instanceof ArchiveIntegrityError) options.onIntegrityFailure(error);
            finish(error instanceof ArchiveIntegrityError ? "integrity_failed" : "storage_failed");
            plain.destroy();
            controller.error(error);
            return;
          }
          if (isFinished) return; // the browser left while this pull waited
        }
        if (chunk === null) {
          controller.close();
          finish("complete");
          return;
        }
        bytes += chunk.length;
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      },
      cancel() {
        plain.destroy();
        finish("client_aborted");
      },
    },
    { highWaterMark: 0 },
  );
}

// Not counted against the per-person stream cap (limit-media-streams.ts): that cap shares out
// connections to Vonage, and an archive read holds none.
export async function answerFromArchive(request: MediaRequest, media: { id: string; fileName: string | null }, file: ServedFile): Promise<MediaAnswer> {
  const contentType = cleanContentType(file.contentType);
  const etag = etagOf(file);
  const headers = new Headers(MEDIA_SECURITY_HEADERS);
  headers.set("content-type", contentType);
  // The preview is a WebP whatever the original was: its name says so.
  const fileName = safeFileName(file.variant === "preview" ? null : media.fileName, file.variant === "preview" ? `preview-${media.id}` : `media-${media.id}`, contentType);
  headers.set("content-disposition", contentDisposition(contentType, fileName, request.isDownload));
  headers.set("etag", etag);
  headers.set("last-modified", file.createdAt.toUTCString());
  headers.set("accept-ranges", "bytes");
  const at = (status: number, outcome: string): MediaAnswer => ({
    response: new Response(null, { status, headers }),
    view: Promise.resolve({ status, bytes: 0, outcome }),
  });

  if (isNotModified(request.conditionalHeaders, etag, file.createdAt)) return at(304, "not_modified");
  const range = parseByteRange(request.conditionalHeaders.range, file.plainBytes);
  if (range === "unsatisfiable") {
    headers.set("content-range", `bytes */${file.plainBytes}`);
    return at(416, "range_not_satisfiable");
  }
  const status = range ? 206 : 200;
  headers.set("content-length", String(range ? range.end - range.start + 1 : file.plainBytes));
  if (range) headers.set("content-range", `bytes ${range.start}-${range.end}/${file.plainBytes}`);
  if (request.isHeadersOnly) return at(status, "headers_only");

  let plain: Readable;
  let iterator: AsyncIterator<Buffer>;
  let first: IteratorResult<Buffer>;
  try {
    plain = await readArchivedFile(file, range ?? undefined);
    iterator = plain[Symbol.asyncIterator]();
    first = await iterator.next();
  } catch (error) {
    return refusal(request, file, error);
  }
  let ended: (view: MediaView) => void = () => {};
  const view = new Promise<MediaView>((resolve) => (ended = resolve));
  const body = archiveBodyStream(plain, iterator, first.done ? null : first.value, {
    onIntegrityFailure: (error) => reportIntegrityFailure(request, file, error, true),
    onEnd: (bytes, outcome) => ended({ status, bytes, outcome }),
  });
  return { response: new Response(body, { status, headers }), view };
}
