// What Vonage fetches for a reply's attachment: the file, decrypted as it streams, with its
// Content-Type and Content-Length and no redirect (providers fetch once, and some refuse
// redirects). Only for a valid, unexpired signed URL (outbound-media-url.ts), and only for an
// agent's attachment: a customer's media is never reachable this way.
import "server-only";
import { Readable } from "node:stream";
import { getDb } from "../db";
import { AppError } from "../errors";
import { ArchiveIntegrityError } from "../media-archive/encrypted-file";
import { readArchivedFile } from "../media-archive/read-archived-file";
import { isValidOutboundMediaSignature } from "./outbound-media-url";

export async function serveOutboundMedia(mediaItemId: string, query: { expires: string | null; signature: string | null }, isHeadersOnly: boolean): Promise<Response> {
  if (!isValidOutboundMediaSignature(mediaItemId, query.expires, query.signature)) {
    throw new AppError("forbidden", "This attachment link is not valid, or has expired.");
  }
  const file = await getDb().storedFile.findFirst({
    where: { mediaItemId, variant: "original", mediaItem: { message: { direction: "outbound" } } },
    select: { storageKey: true, plainBytes: true, segmentBytes: true, wrappedKey: true, keyId: true, contentType: true },
  });
  if (!file) throw new AppError("not_found", "This attachment is no longer kept.");
  const headers = {
    "content-type": file.contentType,
    "content-length": String(file.plainBytes),
    "cache-control": "private, no-store",
    "x-content-type-options": "nosniff",
    "content-security-policy": "sandbox; default-src 'none'",
  };
  if (isHeadersOnly) return new Response(null, { status: 200, headers });
  try {
    const body = await readArchivedFile(file);
    return new Response(Readable.toWeb(body) as ReadableStream, { status: 200, headers });
  } catch (error) {
    if (error instanceof ArchiveIntegrityError) throw new AppError("internal", "This attachment failed its integrity check, so it was not served.");
    throw error;
  }
}
