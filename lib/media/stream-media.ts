// GET /api/media/{id}: streams one customer media file to the browser. An archived file comes
// from CareDesk's own storage (serve-archived-media.ts); any other from Vonage, as an audited
// proxy: ranges and conditional requests passed through, safe headers, the body in chunks under
// two clocks, one audit row per request, and at most so many at once (limit-media-streams.ts).
// The browser names CareDesk's own media id; asking Vonage (its URL, the JWT, what its answers
// mean) is lib/vonage/fetch-media.ts's.
import "server-only";
import { queueAuditEvent } from "../audit/queue-audit-event";
import { canSeeConversation, loadConversationReach } from "../conversations/conversation-access";
import { getDb } from "../db";
import { getEnv } from "../env";
import { AppError, isAppError } from "../errors";
import { fetchMedia, mediaServerStoppedSending } from "../vonage/fetch-media";
import { findMediaToServe, type MediaToServe } from "./find-media-to-serve";
import { takeMediaStreamSlot, type MediaStreamSlot } from "./limit-media-streams";
import { cleanContentType, contentDisposition, MEDIA_SECURITY_HEADERS, safeFileName, wholeFileBytes } from "./media-headers";
import type { MediaAnswer, MediaRequest, MediaView } from "./media-request";
import { answerFromArchive, type ServedFile } from "./serve-archived-media";
import { upstreamBodyStream } from "./upstream-body-stream";

export type { MediaRequest } from "./media-request";

const PASSED_BACK = ["content-length", "content-range", "etag", "last-modified", "accept-ranges"] as const;

/** The archived copy to serve: the preview when asked for and made, else the original; none while not archived. */
function archivedFileFor(media: MediaToServe, variant: MediaRequest["variant"]): ServedFile | undefined {
  if (media.archiveState !== "archived") return undefined;
  const original = media.files.find((file) => file.variant === "original");
  if (!original) return undefined;
  return (variant === "preview" ? media.files.find((file) => file.variant === "preview") : undefined) ?? original;
}

/**
 * The only writer of media.viewed rows; streamMedia calls it once per request. Queued, not awaited:
 * written with others within 100 ms (queue-audit-event.ts).
 */
function recordMediaView(request: MediaRequest, view: MediaView & { source: "archive" | "vonage" }): void {
  queueAuditEvent({
    actor: { id: request.user.id, email: request.user.email },
    action: "media.viewed",
    targetType: "media",
    targetId: request.mediaId,
    detail: { ...view, ...(request.conditionalHeaders.range ? { range: request.conditionalHeaders.range } : {}) },
    ipAddress: request.ipAddress,
  });
}

/** The dashboard shows a file's type and size; the upstream tells them on the first fetch, whole or a range. */
async function rememberFileFacts(media: MediaToServe, contentType: string, sizeBytes: number | null) {
  await getDb()
    .mediaItem.updateMany({
      where: { id: media.id, OR: [{ contentType: null }, { sizeBytes: null }] },
      data: { ...(media.contentType === null ? { contentType } : {}), ...(media.sizeBytes === null && sizeBytes !== null ? { sizeBytes } : {}) },
    })
    .catch(() => {});
}

async function answerFromUpstream(request: MediaRequest, media: MediaToServe, slot: MediaStreamSlot): Promise<MediaAnswer> {
  const env = getEnv();
  const fetched = await fetchMedia({
    vonageUrl: media.vonageUrl,
    conditionalHeaders: request.conditionalHeaders,
    connectTimeoutMs: env.MEDIA_CONNECT_TIMEOUT_MS,
    headerTimeoutMs: env.MEDIA_IDLE_TIMEOUT_MS,
    signal: request.signal,
    requestId: request.requestId,
    inboxId: media.conversation.inboxId,
  });
  if (!fetched.isServed) {
    const status = isAppError(fetched.error) ? fetched.error.status : 502;
    return { error: fetched.error, view: Promise.resolve({ status, bytes: 0, outcome: fetched.outcome }) };
  }

  const { status, body: upstream } = fetched;
  const contentType = cleanContentType(fetched.headers["content-type"]);
  if ((status === 200 || status === 206) && (media.contentType === null || media.sizeBytes === null)) {
    await rememberFileFacts(media, contentType, wholeFileBytes(status, fetched.headers));
  }
  const headers = new Headers(MEDIA_SECURITY_HEADERS);
  headers.set("content-type", contentType);
  headers.set("content-disposition", contentDisposition(contentType, safeFileName(media.fileName, `media-${media.id}`, contentType), request.isDownload));
  for (const name of PASSED_BACK) {
    const value = fetched.headers[name];
    if (typeof value === "string") headers.set(name, value);
  }

  if (status === 304 || status === 416) {
    upstream.resume();
    const outcome = status === 304 ? "not_modified" : "range_not_satisfiable";
    return { response: new Response(null, { status, headers }), view: Promise.resolve({ status, bytes: 0, outcome }) };
  }
  if (request.isHeadersOnly) {
    upstream.destroy();
    return { response: new Response(null, { status, headers }), view: Promise.resolve({ status, bytes: 0, outcome: "headers_only" }) };
  }
  // The slot stands for the connection to Vonage: it is free once that is, even while a slow
  // browser still takes the last chunk.
  upstream.once("close", slot.release);
  let ended: (view: MediaView) => void = () => {};
  const view = new Promise<MediaView>((resolve) => (ended = resolve));
  const body = upstreamBodyStream(upstream, {
    idleTimeoutMs: env.MEDIA_IDLE_TIMEOUT_MS,
    idleTimeoutError: mediaServerStoppedSending,
    onEnd: (bytes, outcome) => ended({ status, bytes, outcome }),
  });
  return { response: new Response(body, { status, headers }), view };
}

export async function streamMedia(request: MediaRequest): Promise<Response> {
  const media = await findMediaToServe(request.mediaId);
  // Out of the person's reach reads as not there, like an unknown id (admins' reach is read from no table).
  if (media && !canSeeConversation(await loadConversationReach(request.user), media.conversation)) throw new AppError("not_found", "No media with this id.");
  if (!media) throw new AppError("not_found", "No media with this id.");

  const archived = archivedFileFor(media, request.variant);
  if (archived) {
    const answer = await answerFromArchive(request, media, archived);
    const recorded = answer.view.then((view) => recordMediaView(request, { ...view, source: "archive" }));
    if ("error" in answer) {
      await recorded;
      throw answer.error;
    }
    if (answer.response.body === null) await recorded;
    return answer.response;
  }

  // Taken before Vonage is asked; a refusal (429, 503) opened nothing, so like an unknown id it
  // writes no audit row.
  const slot = takeMediaStreamSlot(request.user.id);
  let answer: MediaAnswer;
  try {
    answer = await answerFromUpstream(request, media, slot);
  } catch (error) {
    slot.release();
    throw error;
  }
  // The request's one audit row, queued when it has ended: before an answer without a body goes
  // out, or when a streamed body ends (complete, cut short, left or stalled by the browser). The
  // slot is released then too, if the upstream connection's close has not released it already.
  const recorded = answer.view.then((view) => {
    slot.release();
    return recordMediaView(request, { ...view, source: "vonage" });
  });
  if ("error" in answer) {
    await recorded;
    throw answer.error;
  }
  if (answer.response.body === null) await recorded;
  return answer.response;
}
