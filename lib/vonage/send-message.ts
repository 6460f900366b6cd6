// Sends one message through the Messages API (`POST /v1/messages`) with Vonage's official client,
// and says what became of it in the four ways the outbox acts on. The client mints the
// application's JWT for each request; the key and the token never leave this module.
import "server-only";
import { Messages } from "@vonage/messages";
import { getEnv } from "../env";
import { loadMediaCredentials, type MediaCredentials } from "./media-credentials";
import { describeVonageProblem } from "./describe-vonage-error";

/** A Messages API request body, snake_case as Vonage documents it (the client keeps it so). */
export type MessageRequest = Record<string, unknown> & { channel: string; message_type: string; to: string; from: string; client_ref: string };

export type SendOutcome =
  /** Vonage answered 202: the message is on its way. */
  | { kind: "accepted"; messageUuid: string }
  /** It did not reach Vonage, or Vonage asked for later (429, 5xx): safe to send again. */
  | { kind: "retry"; reason: string; retryAfterMs: number | null }
  /** Vonage refused it as it is (401, 403, 422, ...): sending it again would fail the same way. */
  | { kind: "refused"; reason: string }
  /** It left, but no answer came back: Vonage may have it. Never resent blindly. */
  | { kind: "unknown"; reason: string };

/** The errors fetch raises when the request never reached the server. */
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);

/** One client per application (the environment's, and each inbox's own), remade when settings change. */
const clients = new Map<string, { messages: Messages; settings: string }>();

function messagesClient(own: MediaCredentials | undefined): Messages {
  const env = getEnv();
  const credentials = own ?? loadMediaCredentials(env);
  const settings = `${env.VONAGE_API_HOST}|${env.VONAGE_SEND_TIMEOUT_SECONDS}`;
  let client = clients.get(credentials.applicationId);
  if (client?.settings !== settings) {
    const privateKey = credentials.privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    const messages = new Messages(
      { applicationId: credentials.applicationId, privateKey },
      { apiHost: env.VONAGE_API_HOST.replace(/\/$/, ""), timeout: env.VONAGE_SEND_TIMEOUT_SECONDS * 1000 },
    );
    client = { messages, settings };
    clients.set(credentials.applicationId, client);
  }
  return client.messages;
}

function retryAfterMs(header: string | null): number | null {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}

async function problemOf(response: Response): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    return null;
  }
}

/** Sends as `own` (an inbox's own application), or as the environment's application without it. */
export async function sendMessage(request: MessageRequest, own?: MediaCredentials): Promise<SendOutcome> {
  try {
    // The client's types describe camelCase classes; it snake_cases keys, so Vonage's own spelling passes through.
    const { messageUUID } = await messagesClient(own).send(request as unknown as Parameters<Messages["send"]>[0]);
    return { kind: "accepted", messageUuid: messageUUID };
  } catch (error) {
    const response = (error as { response?: unknown }).response;
    if (response instanceof Response) {
      const reason = describeVonageProblem(response.status, await problemOf(response));
      if (response.status === 429 || response.status >= 500) return { kind: "retry", reason, retryAfterMs: retryAfterMs(response.headers.get("retry-after")) };
      return { kind: "refused", reason };
    }
    if (error instanceof Error && error.name === "AbortError") {
      return { kind: "unknown", reason: `Vonage did not answer within ${getEnv().VONAGE_SEND_TIMEOUT_SECONDS} seconds.` };
    }
    const code = (error as { cause?: { code?: string } }).cause?.code;
    if (code && NOT_SENT_CODES.has(code)) return { kind: "retry", reason: `Could not reach Vonage (${code}).`, retryAfterMs: null };
    if (error instanceof Error && error.name === "AppError") return { kind: "refused", reason: error.message };
    return { kind: "unknown", reason: `The connection to Vonage failed before it answered (${code ?? (error instanceof Error ? error.message.slice(0, 100) : "unknown error")}).` };
  }
}
