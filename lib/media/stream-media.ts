// GET /api/media/{id}: streams one customer media file from Vonage to the browser. The browser
// names CareDesk's own media id; the Vonage URL and the JWT stay on the server.
import "server-only";
import type { IncomingMessage } from "node:http";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { CurrentUser } from "../auth/current-user";
import { getDb } from "../db";
import { getEnv } from "../env";
import { AppError } from "../errors";
import { getLogger } from "../logger";
import { getMediaToken } from "../vonage/media-token";
import { checkMediaUrl } from "./check-media-url";
import { fetchUpstreamMedia } from "./fetch-upstream-media";
import { cleanContentType, contentDisposition, MEDIA_SECURITY_HEADERS, safeFileName } from "./media-headers";
import { upstreamBodyStream } from "./upstream-body-stream";

export type MediaRequest = {
  mediaId: string;
  user: CurrentUser;
  /** Range, If-None-Match and If-Modified-Since from the browser, passed through. */
  conditionalHeaders: Record<string, string>;
  isDownload: boolean;
  /** HEAD: the headers only (Next.js answers HEAD with the GET handler and never reads the body). */
  isHeadersOnly: boolean;
  signal: AbortSignal;
  ipAddress?: string;
  requestId: string;
};

const PASSED_BACK = ["content-length", "content-range", "etag", "last-modified", "accept-ranges"] as const;

function audit(request: MediaRequest, status: number, bytes: number, outcome: string) {
  return recordAuditEvent({
    actor: { id: request.user.id, email: request.user.email },
    action: "media.viewed",
    targetType: "media",
    targetId: request.mediaId,
    detail: { status, bytes, outcome, ...(request.conditionalHeaders.range ? { range: request.conditionalHeaders.range } : {}) },
    ipAddress: request.ipAddress,
  }).catch((error: unknown) => getLogger().error({ requestId: request.requestId, err: String(error) }, "media audit not recorded"));
}

function upstreamFailure(status: number): AppError {
  if (status === 401 || status === 403) {
    return new AppError("upstream_error", "Vonage refused CareDesk's credentials: check VONAGE_APPLICATION_ID and the private key.");
  }
  if (status === 404 || status === 410) return new AppError("gone", "This media has expired: Vonage keeps inbound media for 48 hours.");
  if (status >= 300 && status < 400) return new AppError("upstream_error", "Vonage's media server answered with a redirect, which CareDesk does not follow.");
  return new AppError("upstream_error", `Vonage's media server failed (HTTP ${status}). Try again in a moment.`);
}

/** The dashboard shows a file's type and size; Vonage tells them on the first full fetch. */
async function rememberFileFacts(mediaId: string, contentType: string, sizeBytes: number) {
  await getDb()
    .mediaItem.updateMany({
      where: { id: mediaId, OR: [{ contentType: null }, { sizeBytes: null }] },
      data: { contentType, sizeBytes: Number.isSafeInteger(sizeBytes) && sizeBytes <= 2 ** 31 - 1 ? sizeBytes : null },
    })
    .catch(() => {});
}

export async function streamMedia(request: MediaRequest): Promise<Response> {
  const env = getEnv();
  const media = await getDb().mediaItem.findUnique({
    where: { id: request.mediaId },
    select: { id: true, vonageUrl: true, fileName: true, contentType: true, sizeBytes: true },
  });
  if (!media) throw new AppError("not_found", "No media with this id.");

  let url: URL;
  try {
    url = checkMediaUrl(media.vonageUrl, env.VONAGE_MEDIA_ORIGINS);
  } catch (error) {
    getLogger().warn({ requestId: request.requestId, mediaId: media.id, reason: (error as AppError).details?.reason }, "media URL refused");
    await audit(request, 403, 0, "url_refused");
    throw error;
  }

  let upstream: IncomingMessage;
  try {
    upstream = await fetchUpstreamMedia({
      url,
      headers: { authorization: `Bearer ${getMediaToken()}`, ...request.conditionalHeaders },
      connectTimeoutMs: env.MEDIA_CONNECT_TIMEOUT_MS,
      idleTimeoutMs: env.MEDIA_IDLE_TIMEOUT_MS,
      signal: request.signal,
    });
  } catch (error) {
    const status = error instanceof AppError ? error.status : 502;
    await audit(request, status, 0, "upstream_failed");
    throw error;
  }

  const status = upstream.statusCode ?? 502;
  if (status !== 200 && status !== 206 && status !== 304 && status !== 416) {
    upstream.destroy();
    const failure = upstreamFailure(status);
    await audit(request, failure.status, 0, `upstream_${status}`);
    throw failure;
  }

  const contentType = cleanContentType(upstream.headers["content-type"]);
  if (status === 200 && (media.contentType === null || media.sizeBytes === null)) {
    await rememberFileFacts(media.id, contentType, Number(upstream.headers["content-length"]));
  }
  const headers = new Headers(MEDIA_SECURITY_HEADERS);
  headers.set("content-type", contentType);
  headers.set("content-disposition", contentDisposition(contentType, safeFileName(media.fileName, `media-${media.id}`, contentType), request.isDownload));
  for (const name of PASSED_BACK) {
    const value = upstream.headers[name];
    if (typeof value === "string") headers.set(name, value);
  }

  if (status === 304 || status === 416) {
    upstream.resume();
    await audit(request, status, 0, status === 304 ? "not_modified" : "range_not_satisfiable");
    return new Response(null, { status, headers });
  }
  if (request.isHeadersOnly) {
    upstream.destroy();
    await audit(request, status, 0, "headers_only");
    return new Response(null, { status, headers });
  }
  const body = upstreamBodyStream(upstream, {
    idleTimeoutMs: env.MEDIA_IDLE_TIMEOUT_MS,
    onEnd: (bytes, outcome) => void audit(request, status, bytes, outcome),
  });
  return new Response(body, { status, headers });
}
