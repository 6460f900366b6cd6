// One attempt at archiving one claimed media item: fetch it from Vonage (lib/vonage: its token,
// allow-list and timeouts), encrypt it as it streams, write it to the storage under a key of this
// attempt's own (storage-key.ts), then record the outcome on the row. Every write to the row is
// fenced by the claim's attempt number, so an instance that lost its claim (it stalled past its
// lease) or whose item was erased meanwhile changes nothing, and removes the object it wrote. What
// a crash left unrecorded goes once the item reaches a final state (remove-unrecorded-copies.ts).
import "server-only";
import { pipeline } from "node:stream";
import { getDb } from "../db";
import { getEnv } from "../env";
import { isAppError } from "../errors";
import { newRequestId } from "../http/request-id";
import { getLogger } from "../logger";
import { cleanContentType } from "../media/media-headers";
import { fetchMedia, mediaServerStoppedSending } from "../vonage/fetch-media";
import { nextArchiveAttemptAt, VONAGE_MEDIA_LIFETIME_MS } from "./archive-retry-schedule";
import type { MediaClaim } from "./claim-due-media";
import { encryptingStream, newFileKey, SEGMENT_BYTES } from "./encrypted-file";
import { ArchiveTooLargeError, limitArchiveBody } from "./limit-archive-body";
import { currentMasterKey, wrapFileKey, type MasterKey } from "./master-keys";
import { onMediaArchived } from "./on-media-archived";
import { publishLiveEvent } from "../live/publish-live-event";
import { removeUnrecordedCopies } from "./remove-unrecorded-copies";
import { getMediaStorage } from "./storage";
import { newStorageKey } from "./storage-key";

/** How an attempt ended: its state, or "stopped" (shutdown: lease handed back) or "lost" (another instance holds it now). */
export type ArchiveOutcome = "archived" | "failed" | "gone" | "too_large" | "stopped" | "lost";

type MediaRow = { id: string; vonageUrl: string; createdAt: Date; contentType: string | null; sizeBytes: number | null; message: { conversation: { inboxId: string } } };

type Copy =
  | { kind: "stored"; storageKey: string; contentType: string; plainBytes: number; wrapped: { wrappedKey: string; keyId: string } }
  | { kind: "gone" | "failed"; reason: string }
  /** `isDeclared`: Vonage stated the size, so `bytes` is the file's; otherwise the copy stopped at the limit. */
  | { kind: "too_large"; bytes: number; isDeclared: boolean; contentType: string };

const megabytes = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;

/** The row as the claim left it, and only while it is still this claim's. */
function claimed(claim: MediaClaim) {
  return { id: claim.mediaItemId, archiveAttempts: claim.attempt, archiveState: { in: ["pending", "failed"] } };
}

/** An error's kind and words for an admin: never a URL, a token or file bytes. */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error).slice(0, 200);
  const code = (error as { code?: unknown }).code;
  return `${typeof code === "string" ? `${code}: ` : ""}${error.message.replace(/https?:\/\/\S+/g, "(url)")}`.slice(0, 300);
}

async function copyFromVonage(media: MediaRow, storageKey: string, master: MasterKey, signal: AbortSignal, requestId: string): Promise<Copy> {
  const env = getEnv();
  const fetched = await fetchMedia({
    vonageUrl: media.vonageUrl,
    conditionalHeaders: {},
    connectTimeoutMs: env.MEDIA_CONNECT_TIMEOUT_MS,
    headerTimeoutMs: env.MEDIA_IDLE_TIMEOUT_MS,
    signal,
    requestId,
    inboxId: media.message.conversation.inboxId,
  });
  if (!fetched.isServed) {
    // Vonage's own word that the file is no more: 404 once its 48 hours are over, or 410.
    if (fetched.outcome === "upstream_404" || fetched.outcome === "upstream_410") {
      return { kind: "gone", reason: `Vonage no longer has this file (HTTP ${fetched.outcome.slice("upstream_".length)}): it keeps inbound media for 48 hours.` };
    }
    return { kind: "failed", reason: isAppError(fetched.error) ? fetched.error.message : "CareDesk could not fetch the file from Vonage." };
  }
  const { body } = fetched;
  if (fetched.status !== 200) {
    body.destroy();
    return { kind: "failed", reason: `Vonage's media server answered HTTP ${fetched.status} where the whole file was expected.` };
  }
  const declaredBytes = Number(fetched.headers["content-length"]);
  if (Number.isFinite(declaredBytes) && declaredBytes > env.MEDIA_ARCHIVE_MAX_BYTES) {
    body.destroy();
    return { kind: "too_large", bytes: declaredBytes, isDeclared: true, contentType: cleanContentType(fetched.headers["content-type"]) };
  }

  const storage = getMediaStorage();
  const fileKey = newFileKey();
  const limit = limitArchiveBody({ maxBytes: env.MEDIA_ARCHIVE_MAX_BYTES, idleTimeoutMs: env.MEDIA_IDLE_TIMEOUT_MS, idleTimeoutError: mediaServerStoppedSending });
  const encrypting = encryptingStream(fileKey);
  // Which side failed first: a failure travels through the whole chain, so only the first says where it began.
  let firstFailure: { side: "vonage" | "storage"; error: unknown } | undefined;
  body.once("error", (error) => (firstFailure ??= { side: "vonage", error }));
  limit.once("error", (error) => (firstFailure ??= { side: "vonage", error }));
  encrypting.once("error", (error) => (firstFailure ??= { side: "storage", error }));
  const stop = () => body.destroy(new Error("The copy was stopped."));
  signal.addEventListener("abort", stop, { once: true });
  try {
    await storage.write(storageKey, pipeline(body, limit, encrypting, () => {}));
  } catch (error) {
    const failure = firstFailure ?? { side: "storage", error };
    if (failure.error instanceof ArchiveTooLargeError) {
      return { kind: "too_large", bytes: failure.error.bytes, isDeclared: false, contentType: cleanContentType(fetched.headers["content-type"]) };
    }
    if (failure.side === "vonage") {
      return { kind: "failed", reason: isAppError(failure.error) ? failure.error.message : "The connection to Vonage's media server broke during the copy. It is tried again." };
    }
    return { kind: "failed", reason: `CareDesk could not write to the media storage (${storage.description}): ${describeError(failure.error)}` };
  } finally {
    signal.removeEventListener("abort", stop);
    // A storage that gave up without reading to the end leaves the connection to Vonage open.
    if (!body.readableEnded) body.destroy();
    limit.destroy();
  }
  return {
    kind: "stored",
    storageKey,
    contentType: cleanContentType(fetched.headers["content-type"]),
    plainBytes: encrypting.plainBytes(),
    wrapped: wrapFileKey(fileKey, storageKey, master),
  };
}

class LostClaim extends Error {}

/**
 * How long recording a finished copy may wait for a pooled connection, and run: longer than a
 * request's 2 s, as nobody waits on it and giving up means copying the whole file again once the
 * lease has run out (a busy instance did, in the cluster tests).
 */
const RECORD_TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 10_000 };

/** Records the stored file and the archived state together, or nothing if the claim was lost. */
async function recordArchived(claim: MediaClaim, media: MediaRow, copy: Extract<Copy, { kind: "stored" }>): Promise<boolean> {
  try {
    await getDb().$transaction(async (tx) => {
      const { count } = await tx.mediaItem.updateMany({
        where: claimed(claim),
        data: {
          archiveState: "archived",
          archivedAt: new Date(),
          archiveLeaseUntil: null,
          archiveNextAttemptAt: null,
          archiveError: null,
          // The dashboard shows a file's type and size; the copy has just learnt them.
          ...(media.contentType === null ? { contentType: copy.contentType } : {}),
          ...(media.sizeBytes === null ? { sizeBytes: copy.plainBytes } : {}),
        },
      });
      if (count === 0) throw new LostClaim();
      const file = { storageKey: copy.storageKey, contentType: copy.contentType, plainBytes: copy.plainBytes, segmentBytes: SEGMENT_BYTES, ...copy.wrapped };
      await tx.storedFile.upsert({
        where: { mediaItemId_variant: { mediaItemId: media.id, variant: "original" } },
        create: { mediaItemId: media.id, variant: "original", ...file },
        update: file,
      });
    }, RECORD_TRANSACTION_OPTIONS);
    return true;
  } catch (error) {
    if (error instanceof LostClaim) return false;
    throw error;
  }
}

async function recordEnded(claim: MediaClaim, data: Record<string, unknown>): Promise<boolean> {
  const { count } = await getDb().mediaItem.updateMany({ where: claimed(claim), data: { archiveLeaseUntil: null, ...data } });
  return count > 0;
}

/** The copies earlier attempts wrote and never recorded (they crashed first); never fails the attempt. */
async function removeEarlierCopies(mediaItemId: string, attempt: number, log: Record<string, unknown>): Promise<void> {
  try {
    const removed = await removeUnrecordedCopies(getMediaStorage(), mediaItemId, attempt);
    if (removed > 0) getLogger().info({ ...log, removed }, "media archive: removed copies earlier attempts left unrecorded");
  } catch (error) {
    getLogger().warn({ ...log, err: describeError(error) }, "media archive: copies earlier attempts left unrecorded were not removed");
  }
}

/** Keeps the claim while the copy runs; aborts the copy when the row is no longer this claim's. */
function holdLease(claim: MediaClaim, leaseMs: number, lost: AbortController): () => void {
  const timer = setInterval(() => {
    getDb()
      .mediaItem.updateMany({ where: claimed(claim), data: { archiveLeaseUntil: new Date(Date.now() + leaseMs) } })
      .then(({ count }) => {
        if (count === 0) lost.abort();
      })
      .catch(() => {
        // The database is away for now: the next renewal may reach it before the lease ends.
      });
  }, Math.max(1_000, leaseMs / 3));
  return () => clearInterval(timer);
}

export async function archiveMediaItem(claim: MediaClaim, options: { leaseMs: number; signal: AbortSignal }): Promise<ArchiveOutcome> {
  const logger = getLogger();
  const requestId = newRequestId();
  const log = { requestId, mediaItemId: claim.mediaItemId, attempt: claim.attempt };
  const media = await getDb().mediaItem.findUnique({
    where: { id: claim.mediaItemId },
    select: { id: true, vonageUrl: true, createdAt: true, contentType: true, sizeBytes: true, messageId: true, message: { select: { conversationId: true, conversation: { select: { inboxId: true } } } } },
  });
  const master = currentMasterKey();
  if (!media || !master) return "lost";

  const lost = new AbortController();
  const copying = AbortSignal.any([options.signal, lost.signal]);
  const releaseLease = holdLease(claim, options.leaseMs, lost);
  let copy: Copy;
  try {
    copy = await copyFromVonage(media, newStorageKey(media.id, claim.attempt, "original"), master, copying, requestId);
  } catch (error) {
    // Counted as a failed attempt, so it backs off and ends within the 48 hours like any other.
    logger.error({ ...log, err: describeError(error) }, "media archive: unexpected error while copying");
    copy = { kind: "failed", reason: `CareDesk failed unexpectedly while copying (${describeError(error)}); details in the server log.` };
  } finally {
    releaseLease();
  }
  /** What this attempt stored but does not record: no row will name it, so it goes now. */
  const discardCopy = async () => {
    if (copy.kind !== "stored") return;
    await getMediaStorage()
      .remove(copy.storageKey)
      .catch((error: unknown) => logger.warn({ ...log, err: describeError(error) }, "media archive: the copy this attempt does not record was not removed"));
  };
  if (lost.signal.aborted) {
    logger.warn(log, "media archive: another instance took this copy over (this one stalled past its lease)");
    await discardCopy();
    return "lost";
  }
  if (options.signal.aborted) {
    // Shutting down: the next instance may take it up at once rather than after the lease.
    await recordEnded(claim, {}).catch(() => {});
    await discardCopy();
    return "stopped";
  }

  const now = new Date();
  let outcome: ArchiveOutcome;
  let isRecorded: boolean;
  if (copy.kind === "stored") {
    outcome = "archived";
    isRecorded = await recordArchived(claim, media, copy);
  } else if (copy.kind === "too_large") {
    outcome = "too_large";
    const availableUntil = new Date(media.createdAt.getTime() + VONAGE_MEDIA_LIFETIME_MS);
    const reason = `Too large to keep (${megabytes(copy.bytes)}${copy.bytes > getEnv().MEDIA_ARCHIVE_MAX_BYTES ? "" : " or more"}; MEDIA_ARCHIVE_MAX_BYTES is ${megabytes(getEnv().MEDIA_ARCHIVE_MAX_BYTES)}): available from Vonage until ${availableUntil.toISOString()}.`;
    isRecorded = await recordEnded(claim, {
      archiveState: "too_large",
      archiveError: reason,
      archiveNextAttemptAt: null,
      // Not kept, but its card can still say what it is and how big.
      ...(media.contentType === null ? { contentType: copy.contentType } : {}),
      ...(media.sizeBytes === null && copy.isDeclared && copy.bytes <= 2 ** 31 - 1 ? { sizeBytes: copy.bytes } : {}),
    });
  } else if (copy.kind === "gone") {
    outcome = "gone";
    isRecorded = await recordEnded(claim, { archiveState: "gone", archiveError: copy.reason, archiveNextAttemptAt: null });
  } else {
    const nextAttemptAt = nextArchiveAttemptAt(claim.attempt, media.createdAt, now);
    outcome = nextAttemptAt ? "failed" : "gone";
    isRecorded = await recordEnded(
      claim,
      nextAttemptAt
        ? { archiveState: "failed", archiveError: copy.reason, archiveNextAttemptAt: nextAttemptAt }
        : { archiveState: "gone", archiveError: `Every copy failed within the 48 hours Vonage keeps media. The last: ${copy.reason}`, archiveNextAttemptAt: null },
    );
    if (isRecorded) logger.warn({ ...log, nextAttemptAt, reason: copy.reason }, "media archive: copy failed");
  }
  if (!isRecorded) {
    logger.warn(log, "media archive: the item changed meanwhile (taken over or deleted); this attempt's outcome is not recorded");
    await discardCopy();
    return "lost";
  }
  if (outcome === "archived" && copy.kind === "stored") {
    logger.info({ ...log, bytes: copy.plainBytes }, "media archived");
    await onMediaArchived(media.id).catch((error: unknown) => logger.error({ ...log, err: describeError(error) }, "media archive: onMediaArchived failed"));
  } else if (outcome !== "failed") {
    logger.info({ ...log, state: outcome }, "media not archived");
  }
  // An open thread shows the file's new state (and its preview) without a reload.
  await publishLiveEvent({ kind: "media", conversationId: media.message.conversationId, messageId: media.messageId });
  // Final: no claim takes the item again, so what earlier attempts left unrecorded can go.
  if (outcome !== "failed") await removeEarlierCopies(media.id, claim.attempt, log);
  return outcome;
}
