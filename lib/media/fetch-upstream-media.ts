// One GET to Vonage's media server with node:http(s): bounded connect and header timeouts, no
// redirects followed. The body's own clocks are upstream-body-stream.ts's: once the headers are in,
// a paused upstream (a slow browser) must not look idle.
import http, { type IncomingMessage } from "node:http";
import https from "node:https";
import { AppError } from "../errors";

// Connections to Vonage are kept alive between media requests.
const agents = {
  "http:": new http.Agent({ keepAlive: true, maxSockets: 64 }),
  "https:": new https.Agent({ keepAlive: true, maxSockets: 64 }),
};

export type UpstreamRequest = {
  url: URL;
  headers: Record<string, string>;
  connectTimeoutMs: number;
  /** From the connection to the response headers. */
  idleTimeoutMs: number;
  /** Aborted when the browser goes away: the upstream request is destroyed with it. */
  signal: AbortSignal;
};

export function fetchUpstreamMedia(request: UpstreamRequest): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const transport = request.url.protocol === "https:" ? https : http;
    const outgoing = transport.request(request.url, {
      method: "GET",
      headers: request.headers,
      agent: agents[request.url.protocol as "http:" | "https:"],
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
    outgoing.setTimeout(request.idleTimeoutMs, () =>
      fail(new AppError("upstream_timeout", "Vonage's media server stopped sending. Try again in a moment.")),
    );
    outgoing.on("socket", (socket) => {
      if (!socket.connecting) clearTimeout(connectTimer);
      else socket.once(request.url.protocol === "https:" ? "secureConnect" : "connect", () => clearTimeout(connectTimer));
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
