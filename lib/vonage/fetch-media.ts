// One GET of an inbound media file from Vonage's media server, and what Vonage's answer means.
// The stored URL is checked against the allow-list before the application's JWT goes anywhere;
// node:http(s) with bounded connect and header timeouts, no redirects followed. The body's own
// clocks are the caller's: once the headers are in, a paused upstream (a slow browser) must not
// look idle.
import "server-only";
import http, { type IncomingHttpHeaders, type IncomingMessage } from "node:http";
import https from "node:https";
import { getEnv } from "../env";
import { AppError } from "../errors";
import { getLogger } from "../logger";
import { ownApplicationCredentials } from "../inboxes/inbox-applications";
import { getApplicationToken } from "./application-token";
import { checkMediaUrl } from "./check-media-url";

type Protocol = "http:" | "https:";

let agents: Record<Protocol, http.Agent> | undefined;

/** Connections to Vonage, kept alive between media requests: MEDIA_UPSTREAM_CONNECTIONS of them per process. */
function agentFor(protocol: Protocol): http.Agent {
  // lib/media/limit-media-streams.ts admits no more streams than this, so a request is refused
  // at once rather than queued here behind slow browsers until its connect timeout.
  const maxSockets = getEnv().MEDIA_UPSTREAM_CONNECTIONS;
  agents ??= { "http:": new http.Agent({ keepAlive: true, maxSockets }), "https:": new https.Agent({ keepAlive: true, maxSockets }) };
  return agents[protocol];
}

/** Answers passed on to the browser: the file, a part of it, "not modified", "range not satisfiable". */
const SERVED_STATUSES = new Set([200, 206, 304, 416]);

export type MediaFetchRequest = {
  /** The media URL stored from the inbound webhook; never trusted until checked. */
  vonageUrl: string;
  /** Range, If-None-Match and If-Modified-Since, passed on as the browser sent them. */
  conditionalHeaders: Record<string, string>;
  connectTimeoutMs: number;
  /** From the connection to the response headers. */
  headerTimeoutMs: number;
  /** Aborted when the browser goes away: the upstream request is destroyed with it. */
  signal: AbortSignal;
  requestId: string;
  /** The conversation's inbox: its own application signs the request, if it has one. */
  inboxId: string | null;
};

export type MediaFetch =
  | { isServed: true; status: number; headers: IncomingHttpHeaders; body: IncomingMessage }
  /** `outcome` names the failure for the audit trail: url_refused, not_configured, upstream_failed or upstream_<status>. */
  | { isServed: false; error: unknown; outcome: string };

/** What an answer other than the file means, in words for the person who asked. */
function mediaFailure(status: number): AppError {
  if (status === 401 || status === 403) {
    return new AppError("upstream_error", "Vonage refused CareDesk's credentials: check VONAGE_APPLICATION_ID and the private key.");
  }
  if (status === 404 || status === 410) return new AppError("gone", "This media has expired: Vonage keeps inbound media for 48 hours.");
  if (status >= 300 && status < 400) return new AppError("upstream_error", "Vonage's media server answered with a redirect, which CareDesk does not follow.");
  return new AppError("upstream_error", `Vonage's media server failed (HTTP ${status}). Try again in a moment.`);
}

function openMediaRequest(url: URL, token: string, request: MediaFetchRequest): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const transport = url.protocol === "https:" ? https : http;
    const outgoing = transport.request(url, {
      method: "GET",
      headers: { authorization: `Bearer ${token}`, ...request.conditionalHeaders },
      agent: agentFor(url.protocol as Protocol),
    });
    const fail = (error: AppError) => {
      outgoing.destroy(error);
      reject(error);
    };
    const connectTimer = setTimeout(
      () => fail(new AppError("upstream_timeout", "Vonage's media server did not answer in time. Try again in a moment.")),
      request.connectTimeoutMs,
    );
    const onAbort = () => fail(new AppError("bad_request", "The browser went away."));
    request.signal.addEventListener("abort", onAbort, { once: true });
    // Idle: no answer this long after connecting.
    outgoing.setTimeout(request.headerTimeoutMs, () => fail(mediaServerStoppedSending()));
    outgoing.on("socket", (socket) => {
      if (!socket.connecting) clearTimeout(connectTimer);
      else socket.once(url.protocol === "https:" ? "secureConnect" : "connect", () => clearTimeout(connectTimer));
    });
    outgoing.on("response", (response) => {
      clearTimeout(connectTimer);
      outgoing.setTimeout(0);
      response.once("close", () => request.signal.removeEventListener("abort", onAbort));
      resolve(response);
    });
    outgoing.on("error", (error) => {
      clearTimeout(connectTimer);
      request.signal.removeEventListener("abort", onAbort);
      reject(error instanceof AppError ? error : new AppError("upstream_error", "CareDesk could not reach Vonage's media server. Try again in a moment.", { cause: error }));
    });
    outgoing.end();
  });
}

/** What a browser is told when Vonage's media server goes quiet, before or during the body. */
export function mediaServerStoppedSending(): AppError {
  return new AppError("upstream_timeout", "Vonage's media server stopped sending. Try again in a moment.");
}

/** Fetches a media file's headers and body; a failure comes back as a result (never thrown) with its meaning. */
export async function fetchMedia(request: MediaFetchRequest): Promise<MediaFetch> {
  const allowedOrigins = getEnv().VONAGE_MEDIA_ORIGINS;
  let url: URL;
  try {
    url = checkMediaUrl(request.vonageUrl, allowedOrigins);
  } catch (error) {
    getLogger().warn({ requestId: request.requestId, reason: (error as AppError).details?.reason }, "media URL refused");
    return { isServed: false, error, outcome: "url_refused" };
  }

  let token: string;
  try {
    token = getApplicationToken((await ownApplicationCredentials(request.inboxId)) ?? undefined);
  } catch (error) {
    return { isServed: false, error, outcome: "not_configured" };
  }
  let response: IncomingMessage;
  try {
    response = await openMediaRequest(url, token, request);
  } catch (error) {
    return { isServed: false, error, outcome: "upstream_failed" };
  }

  const status = response.statusCode ?? 502;
  if (!SERVED_STATUSES.has(status)) {
    response.destroy();
    return { isServed: false, error: mediaFailure(status), outcome: `upstream_${status}` };
  }
  return { isServed: true, status, headers: response.headers, body: response };
}
