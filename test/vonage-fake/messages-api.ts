// Part of the local Vonage stand-in: the Messages API's send endpoint, POST /v1/messages, for the
// official client pointed at it (`apiHost`). It refuses what Vonage refuses (a JWT that is not the
// application's: 401; a body that breaks the rules: 422; both application/problem+json) and
// answers 202 with a message_uuid. Then it does what Vonage does after a 202: fetches the media,
// applies the WhatsApp and Messenger reply windows, and posts signed status webhooks (submitted,
// delivered, read, or one `rejected` with its error). Tests script the next answers (429, 5xx, a
// slow 202, a later rejection) to prove CareDesk copes.
import { createHash, createPublicKey, randomUUID, type KeyObject } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import jwt from "jsonwebtoken";
import { findInvalidParameters, isObject, type InvalidParameter } from "./check-send-request";
import { sendWebhook, type WebhookTarget } from "./send-webhook";

export type MessagesApiOptions = {
  applicationId: string;
  /** The application's public key: verifies the RS256 JWT of every request. */
  publicKeyPem: string;
  /** Where status webhooks go (CareDesk's /api/webhooks/status), signed as sendWebhook signs. Without it, none are sent. */
  statusWebhook?: { baseUrl: string; signatureSecret: string; apiKey?: string };
  /** The wait before each status webhook (submitted, then delivered, then read): 50 ms unless set; 0 allowed. */
  statusDelayMs?: number;
};

/** The error of a `rejected` status: a Vonage Messages error code and its text. */
export type StatusError = { code: number; detail: string };

export type AcceptedMessage = {
  messageUuid: string;
  /** The request's JSON body, as received (snake_case). */
  body: Record<string, unknown>;
  clientRef?: string;
  acceptedAt: Date;
  /** The sender's port: which process sent it (test/support/process-of-connection.ts). */
  clientPort: number;
  /** What the stand-in fetched from the media URL, once it has and found it valid. */
  media?: { status: number; contentType: string | null; bytes: number; sha256: string };
  /** Why the message was rejected after its 202 (the error of its `rejected` status), once it was. */
  rejectedWith?: StatusError;
};

export type ScriptedAnswer =
  | { status: 401 | 422 | 500 | 503; detail?: string }
  | { status: 429; retryAfterSeconds?: number }
  /**
   * Processes and accepts the message, but answers only after this delay; its media fetch and
   * statuses do not wait for the answer, unless `holdStatuses` is given: they wait for it to settle.
   */
  | { acceptAfterMs: number; holdStatuses?: Promise<unknown> }
  /** Answers 202, then posts a `rejected` status with this error. */
  | { rejectWith: StatusError };

export type MessagesApiStandIn = {
  /** The client's `apiHost`, e.g. http://127.0.0.1:PORT. */
  url: string;
  /** Every request answered 202, in order. */
  accepted: AcceptedMessage[];
  /** Every request, refused ones included. */
  stats: { requests: number };
  /** Status webhooks that could not be posted or were not answered 2xx (never thrown from a timer). */
  webhookFailures: string[];
  /**
   * The next request gets this answer (one answer per request, first in first out). A scripted
   * status replaces all processing; a scripted acceptance still applies every rule, and a request
   * refused by them uses the answer up.
   */
  answerNext(answer: ScriptedAnswer): void;
  /** When a customer last wrote on a channel (WhatsApp, Messenger): the latest time given counts. Never told: the window is open. */
  customerWrote(channel: string, customerAddress: string, at: Date): void;
  /** Resolves once the media fetches and status webhooks of every message accepted so far are done. */
  settled(): Promise<void>;
  /** Stops the server, its pending timers and media fetches. */
  close(): Promise<void>;
};

type Problem = { type: string; title: string; detail: string; invalid_parameters?: InvalidParameter[] };

const ERRORS_URL = "https://developer.nexmo.com/api-errors";

const PROBLEMS = {
  401: { type: `${ERRORS_URL}/#unauthorized`, title: "Unauthorized", detail: "Invalid token" },
  404: { type: `${ERRORS_URL}/#not-found`, title: "Not Found", detail: "This stand-in serves only POST /v1/messages." },
  422: { type: `${ERRORS_URL}/messages-olympus#1150`, title: "Invalid params", detail: "The value of one or more parameters is invalid." },
  429: { type: `${ERRORS_URL}/messages-olympus#1000`, title: "Rate Limit Hit", detail: "Please wait, then retry your request" },
  500: { type: `${ERRORS_URL}/messages-olympus#1000`, title: "Internal error", detail: "There was an error processing your request in the Platform." },
  503: { type: `${ERRORS_URL}/messages-olympus#1000`, title: "Service Unavailable", detail: "The service is temporarily unavailable, please retry later." },
} satisfies Record<number, Problem>;

const INVALID_JSON: Problem = { type: `${ERRORS_URL}#invalid-json`, title: "The request body did not contain valid JSON", detail: "The body must be a JSON object." };

/** How far in the future a token's `iat` may be, for clock differences. */
const CLOCK_SKEW_SECONDS = 30;
/** Vonage honours a token for at most 24 hours after its `iat`. */
const MAX_TOKEN_LIFETIME_SECONDS = 24 * 3600;

const HOUR_MS = 3600 * 1000;
const WHATSAPP_WINDOW_MS = 24 * HOUR_MS;
const MESSENGER_WINDOW_MS = 24 * HOUR_MS;
const MESSENGER_HUMAN_AGENT_WINDOW_MS = 7 * 24 * HOUR_MS;

const MEDIA_FETCH_TIMEOUT_MS = 10_000;
/** What the media URL's Content-Type must start with, per message type (a file may be anything). */
const MEDIA_CONTENT_TYPES: Record<string, string> = { image: "image/", audio: "audio/", video: "video/", file: "" };

// Error texts as Vonage's Messages API error list words them.
const OUTSIDE_WINDOW: StatusError = { code: 1340, detail: "Outside of the allowed window - This message is sent outside of allowed response window." };
const INVALID_RESOURCE: StatusError = { code: 1380, detail: "Invalid resource - Please check that the URL your provided to your resource is accessible and valid." };
const INVALID_RESOURCE_TYPE: StatusError = { code: 1382, detail: "Resource type is invalid - Please check that the file you are trying to send is valid." };

/** Channels that report `read`; SMS and MMS stop at `delivered`. */
const READ_RECEIPT_CHANNELS = new Set(["whatsapp", "messenger", "viber_service", "rcs"]);

/** Why the request's credentials are refused, or undefined when they are a valid JWT of the application. */
function refuseCredentials(header: string | undefined, publicKey: KeyObject, applicationId: string): string | undefined {
  if (!header) return "Missing Authorization header: send `Authorization: Bearer <JWT>`.";
  // Vonage takes Basic (api_key:api_secret) too; CareDesk must send its application's JWT.
  if (/^Basic\s/i.test(header)) return "Basic authentication is refused here: CareDesk must send the application's JWT.";
  const token = /^Bearer (\S+)$/.exec(header)?.[1];
  if (!token) return "Invalid token";
  let claims: jwt.JwtPayload;
  try {
    const verified = jwt.verify(token, publicKey, { algorithms: ["RS256"], ignoreExpiration: true });
    if (typeof verified === "string") return "Invalid token";
    claims = verified;
  } catch {
    return "Invalid token";
  }
  const now = Math.floor(Date.now() / 1000);
  if (claims.application_id !== applicationId) return "Invalid token: its application_id is not this application's.";
  if (typeof claims.iat !== "number") return "Invalid token: no iat claim.";
  if (claims.iat > now + CLOCK_SKEW_SECONDS) return "Invalid token: iat is in the future.";
  if (typeof claims.exp !== "number") return "Invalid token: no exp claim.";
  if (claims.exp <= now) return "jwt-expired";
  if (claims.exp - claims.iat > MAX_TOKEN_LIFETIME_SECONDS) return "Invalid token: it lives longer than 24 hours (exp - iat).";
  if (typeof claims.jti !== "string" || claims.jti === "") return "Invalid token: no jti claim.";
  return undefined;
}

function isTemplate(body: Record<string, unknown>): boolean {
  // A media or button template goes as `custom` with `custom.type: "template"`.
  return body.message_type === "template" || (body.message_type === "custom" && isObject(body.custom) && body.custom.type === "template");
}

function isHumanAgentTag(body: Record<string, unknown>): boolean {
  return isObject(body.messenger) && body.messenger.category === "message_tag" && body.messenger.tag === "HUMAN_AGENT";
}

/** Error 1340 when the customer's reply window had closed, measured from their last message. */
function windowRejection(body: Record<string, unknown>, lastWroteAt: Date | undefined, now: Date): StatusError | undefined {
  if (!lastWroteAt) return undefined;
  const sinceMs = now.getTime() - lastWroteAt.getTime();
  if (body.channel === "whatsapp") return sinceMs > WHATSAPP_WINDOW_MS && !isTemplate(body) ? OUTSIDE_WINDOW : undefined;
  if (body.channel !== "messenger" || sinceMs <= MESSENGER_WINDOW_MS) return undefined;
  // Meta lets a person reply for 7 days with the HUMAN_AGENT tag; CareDesk's replies are a person's,
  // so other tags are refused here too. The code Vonage reports for Messenger is not documented:
  // WhatsApp's 1340 stands in.
  return sinceMs <= MESSENGER_HUMAN_AGENT_WINDOW_MS && isHumanAgentTag(body) ? undefined : OUTSIDE_WINDOW;
}

/** Hashes the body as it streams in (media may be large). */
async function hashBody(body: ReadableStream<Uint8Array> | null): Promise<{ bytes: number; sha256: string }> {
  const hash = createHash("sha256");
  let bytes = 0;
  const reader = body?.getReader();
  for (;;) {
    const chunk = await reader?.read();
    if (!chunk || chunk.done) return { bytes, sha256: hash.digest("hex") };
    hash.update(chunk.value);
    bytes += chunk.value.byteLength;
  }
}

/** Fetches the message's media as Vonage does (redirects not followed) and records it, or says why Vonage rejects it. */
async function fetchMedia(message: AcceptedMessage, signal: AbortSignal): Promise<StatusError | undefined> {
  const messageType = String(message.body.message_type);
  const expectedType = MEDIA_CONTENT_TYPES[messageType];
  const media = message.body[messageType];
  if (expectedType === undefined || !isObject(media)) return undefined;
  try {
    const response = await fetch(String(media.url), { redirect: "manual", signal: AbortSignal.any([signal, AbortSignal.timeout(MEDIA_FETCH_TIMEOUT_MS)]) });
    const contentType = response.headers.get("content-type");
    if (response.status !== 200 || !(contentType ?? "").toLowerCase().startsWith(expectedType)) {
      await response.body?.cancel();
      return response.status === 200 ? INVALID_RESOURCE_TYPE : INVALID_RESOURCE;
    }
    message.media = { status: response.status, contentType, ...(await hashBody(response.body)) };
    return undefined;
  } catch {
    return INVALID_RESOURCE;
  }
}

function statusPayload(message: AcceptedMessage, status: string, error: StatusError | undefined): Record<string, unknown> {
  const { body } = message;
  return {
    message_uuid: message.messageUuid,
    to: body.to,
    from: body.from,
    timestamp: new Date().toISOString(),
    status,
    channel: body.channel,
    ...(message.clientRef === undefined ? {} : { client_ref: message.clientRef }),
    ...(error
      ? { error: { type: `https://developer.vonage.com/api-errors/messages#${error.code}`, title: String(error.code), detail: error.detail, instance: randomUUID() } }
      : {}),
    usage: { currency: "EUR", price: "0.0050" },
  };
}

function answerJson(response: http.ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

function answerProblem(response: http.ServerResponse, status: number, problem: Problem, headers: Record<string, string> = {}) {
  response.writeHead(status, { "content-type": "application/problem+json", ...headers }).end(JSON.stringify({ ...problem, instance: randomUUID() }));
}

function answerScripted(response: http.ServerResponse, answer: Extract<ScriptedAnswer, { status: number }>) {
  if (answer.status === 429) {
    const headers: Record<string, string> = answer.retryAfterSeconds === undefined ? {} : { "retry-after": String(answer.retryAfterSeconds) };
    return answerProblem(response, 429, PROBLEMS[429], headers);
  }
  answerProblem(response, answer.status, { ...PROBLEMS[answer.status], ...(answer.detail ? { detail: answer.detail } : {}) });
}

async function readBody(request: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function parseJsonObject(bytes: Buffer): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(bytes.toString("utf8"));
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function customerKey(channel: unknown, address: unknown): string {
  return `${String(channel)}\n${String(address)}`;
}

export async function startMessagesApiStandIn(options: MessagesApiOptions): Promise<MessagesApiStandIn> {
  const publicKey = createPublicKey(options.publicKeyPem);
  const statusDelayMs = options.statusDelayMs ?? 50;
  const accepted: AcceptedMessage[] = [];
  const stats = { requests: 0 };
  const webhookFailures: string[] = [];
  const scriptedAnswers: ScriptedAnswer[] = [];
  const lastWroteAt = new Map<string, Date>();
  const followUps = new Set<Promise<void>>();
  const waits = new Map<NodeJS.Timeout, () => void>();
  const closing = new AbortController();

  /** A delay that close() cuts short. */
  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      if (closing.signal.aborted) return resolve();
      const timer = setTimeout(() => {
        waits.delete(timer);
        resolve();
      }, ms);
      waits.set(timer, resolve);
    });

  const postStatus = async (target: WebhookTarget, message: AcceptedMessage, status: string, error: StatusError | undefined) => {
    try {
      const response = await sendWebhook(target, "status", statusPayload(message, status, error));
      await response.body?.cancel();
      if (!response.ok) webhookFailures.push(`${status} of ${message.messageUuid}: HTTP ${response.status}`);
    } catch (failure) {
      webhookFailures.push(`${status} of ${message.messageUuid}: ${failure instanceof Error ? failure.message : String(failure)}`);
    }
  };

  /** What Vonage does after the 202: the media fetch (unless already rejected), then the statuses. */
  const followUp = async (message: AcceptedMessage, rejection: StatusError | undefined, holdStatuses: Promise<unknown> | undefined) => {
    await holdStatuses?.catch(() => {});
    if (closing.signal.aborted) return;
    const error = rejection ?? (await fetchMedia(message, closing.signal));
    if (closing.signal.aborted) return;
    if (error) message.rejectedWith = error;
    const target = options.statusWebhook;
    if (!target) return;
    const statuses = error ? ["rejected"] : READ_RECEIPT_CHANNELS.has(String(message.body.channel)) ? ["submitted", "delivered", "read"] : ["submitted", "delivered"];
    for (const status of statuses) {
      await wait(statusDelayMs);
      if (closing.signal.aborted) return;
      await postStatus(target, message, status, error);
    }
  };

  const accept = (body: Record<string, unknown>, answer: ScriptedAnswer | undefined, clientPort: number): AcceptedMessage => {
    const message: AcceptedMessage = {
      messageUuid: randomUUID(),
      body,
      ...(typeof body.client_ref === "string" ? { clientRef: body.client_ref } : {}),
      acceptedAt: new Date(),
      clientPort,
    };
    accepted.push(message);
    const rejection =
      answer && "rejectWith" in answer ? answer.rejectWith : windowRejection(body, lastWroteAt.get(customerKey(body.channel, body.to)), message.acceptedAt);
    const holdStatuses = answer && "holdStatuses" in answer ? answer.holdStatuses : undefined;
    const work: Promise<void> = followUp(message, rejection, holdStatuses)
      .catch((failure: unknown) => void webhookFailures.push(`follow-up of ${message.messageUuid}: ${String(failure)}`))
      .finally(() => followUps.delete(work));
    followUps.add(work);
    return message;
  };

  const handle = async (request: http.IncomingMessage, response: http.ServerResponse) => {
    stats.requests += 1;
    const bytes = await readBody(request);
    if (request.method !== "POST" || new URL(request.url ?? "/", "http://stand-in").pathname !== "/v1/messages") {
      return answerProblem(response, 404, PROBLEMS[404]);
    }
    const answer = scriptedAnswers.shift();
    if (answer && "status" in answer) return answerScripted(response, answer);
    const refusal = refuseCredentials(request.headers.authorization, publicKey, options.applicationId);
    if (refusal) return answerProblem(response, 401, { ...PROBLEMS[401], detail: refusal });
    const body = parseJsonObject(bytes);
    if (!body) return answerProblem(response, 422, INVALID_JSON);
    const invalidParameters = findInvalidParameters(body);
    if (invalidParameters.length > 0) return answerProblem(response, 422, { ...PROBLEMS[422], invalid_parameters: invalidParameters });
    const message = accept(body, answer, request.socket.remotePort ?? 0);
    if (answer && "acceptAfterMs" in answer) await wait(answer.acceptAfterMs);
    // The client may have given up waiting (its timeout), or close() cut the delay short.
    if (!response.destroyed) answerJson(response, 202, { message_uuid: message.messageUuid });
  };

  const server = http.createServer((request, response) => {
    handle(request, response).catch(() => response.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));

  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    accepted,
    stats,
    webhookFailures,
    answerNext: (answer) => void scriptedAnswers.push(answer),
    customerWrote: (channel, customerAddress, at) => {
      const key = customerKey(channel, customerAddress);
      const known = lastWroteAt.get(key);
      if (!known || known < at) lastWroteAt.set(key, at);
    },
    settled: async () => {
      while (followUps.size > 0) await Promise.all(followUps);
    },
    close: async () => {
      closing.abort();
      for (const [timer, resolve] of waits) {
        clearTimeout(timer);
        resolve();
      }
      waits.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
