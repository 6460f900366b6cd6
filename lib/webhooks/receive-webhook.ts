// The whole life of one webhook request: size cap, signature, JSON, schema, store, event log.
// Answers as Vonage expects: 200 once stored (or already stored), 4xx for what can never be
// stored (Vonage does not retry those), 5xx when storing failed for now (Vonage retries).
// A signed JSON body is never refused for its shape: what CareDesk cannot parse is kept raw as
// an unreadable message (or, for a status, a flagged event) and answered 200; only v0.1 gets 422.
import "server-only";
import { isDatabaseUnavailable } from "../db/is-database-unavailable";
import { getEnv } from "../env";
import { AppError, isAppError } from "../errors";
import { getLogger } from "../logger";
import { publishLiveEvent } from "../live/publish-live-event";
import { wakeJobLoop } from "../jobs/wake-job-loop";
import { hasAnySignatureSecret } from "../inboxes/inbox-applications";
import { verifyWebhookAccount } from "./verify-webhook-account";
import type { InboundMessage, StatusUpdate } from "../messages/message-content";
import { assertWebhookVersion } from "./assert-webhook-version";
import { ingestInboundMessage } from "./ingest-inbound-message";
import { ingestStatusUpdate } from "./ingest-status-update";
import { isPermanentWriteError } from "./is-permanent-write-error";
import { admitRefusedWebhook } from "./limit-refused-webhooks";
import { parseInboundMessage } from "./parse-inbound-message";
import { parseStatusUpdate } from "./parse-status-update";
import { readLimitedBody } from "./read-limited-body";
import { recordWebhookEvent, storeWebhookEvent } from "./record-webhook-event";
import { salvageUnreadableMessage } from "./salvage-unreadable-message";
import { parseWebhookJson } from "./webhook-json";

export type WebhookKind = "inbound" | "status";

/** "unreadable": signed, so kept and answered 200, but not a Messages API v1 webhook CareDesk can read. */
export type WebhookReceipt = { status: "stored" | "duplicate" | "unreadable"; messageUuid?: string };

type Stored = { messageUuid?: string; outcome: "accepted" | "duplicate"; conversationId: string | null; messageId: string | null; isUnreadable: boolean; hasMedia?: boolean };

/** Reasons are shown to admins; an unexpected error's text stays in the server log. */
function problemOf(error: unknown, requestId: string): string {
  if (isAppError(error)) return error.message;
  getLogger().warn({ requestId, err: error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 500) : String(error) }, "webhook body not readable");
  return "CareDesk failed while reading it (details in the server log under this request id).";
}

/** Signed, so a body CareDesk cannot parse is still a customer's message: kept as an unreadable one. */
function readInboundMessage(payload: unknown, rawPayload: string, requestId: string): InboundMessage {
  try {
    return parseInboundMessage(payload);
  } catch (error) {
    return salvageUnreadableMessage(payload, rawPayload, problemOf(error, requestId), new Date());
  }
}

async function storeInbound(payload: unknown, rawPayload: string, requestId: string, applicationId: string | undefined): Promise<Stored> {
  let message = readInboundMessage(payload, rawPayload, requestId);
  const ingest = async () => {
    try {
      return await ingestInboundMessage(message, rawPayload, requestId, applicationId);
    } catch (error) {
      // Such a write would fail on every retry for 24 hours: the message is kept raw instead.
      if (message.content?.kind === "unreadable" || !isPermanentWriteError(error)) throw error;
      message = salvageUnreadableMessage(payload, rawPayload, `CareDesk could not store what it read from it (${problemOf(error, requestId)})`, new Date());
      return ingestInboundMessage(message, rawPayload, requestId, applicationId);
    }
  };
  const result = await storeOrUnavailable(ingest);
  return {
    messageUuid: message.messageUuid,
    outcome: result.outcome,
    conversationId: result.conversationId,
    messageId: result.messageId,
    isUnreadable: message.content?.kind === "unreadable",
    hasMedia: message.media.length > 0,
  };
}

async function storeStatus(payload: unknown, rawPayload: string, requestId: string, bodyBytes: number): Promise<Stored> {
  let update: StatusUpdate;
  try {
    update = parseStatusUpdate(payload);
  } catch (error) {
    // There is no message to attach it to: the flagged event, with the whole body, is what is kept.
    const messageUuid = readMessageUuid(payload);
    await storeOrUnavailable(() =>
      storeWebhookEvent({ kind: "status", requestId, outcome: "unreadable", httpStatus: 200, reason: problemOf(error, requestId), bodyBytes, body: rawPayload, messageUuid }),
    );
    return { messageUuid, outcome: "accepted", conversationId: null, messageId: null, isUnreadable: true };
  }
  const result = await storeOrUnavailable(() => ingestStatusUpdate(update, rawPayload, requestId));
  return { messageUuid: update.messageUuid, ...result, isUnreadable: false };
}

function readMessageUuid(payload: unknown): string | undefined {
  const value = (payload as { message_uuid?: unknown } | null)?.message_uuid;
  return typeof value === "string" && value.length > 0 && value.length <= 200 ? value : undefined;
}

/** Either way the answer is 5xx, so Vonage retries; the message and the log say which it was. */
async function storeOrUnavailable<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isDatabaseUnavailable(error)) {
      throw new AppError("unavailable", "CareDesk could not store this webhook right now (database unavailable); Vonage will retry it.", {
        cause: error,
      });
    }
    throw new AppError("internal", "CareDesk could not store this webhook (an unexpected error, logged with this request id); Vonage will retry it.", {
      cause: error,
    });
  }
}

export async function receiveWebhook(
  kind: WebhookKind,
  request: Request,
  requestId: string,
  options: { skipRequestLog?: () => void } = {},
): Promise<WebhookReceipt> {
  const env = getEnv();
  const isSigned = env.VONAGE_WEBHOOK_SIGNATURES === "on";
  if (isSigned && !(await hasAnySignatureSecret())) {
    throw new AppError(
      "not_configured",
      "Webhooks are not configured: set VONAGE_SIGNATURE_SECRET to your Vonage account's signature secret, or give an inbox its account's (or VONAGE_WEBHOOK_SIGNATURES=off for unsigned local testing).",
    );
  }

  let body: Uint8Array = new Uint8Array();
  let messageUuid: string | undefined;
  try {
    body = await readLimitedBody(request, env.WEBHOOK_MAX_BODY_BYTES);
    const claims = isSigned ? await verifyWebhookAccount(request.headers.get("authorization"), body) : undefined;
    const rawPayload = new TextDecoder("utf-8", { fatal: false }).decode(body);
    let payload: unknown;
    try {
      payload = parseWebhookJson(rawPayload);
    } catch {
      throw new AppError("bad_request", "The body is not valid JSON.");
    }
    // Past this point the body is signed JSON: it is stored, whatever its shape, unless it is v0.1.
    assertWebhookVersion(payload);
    const stored = kind === "inbound" ? await storeInbound(payload, rawPayload, requestId, claims?.application_id) : await storeStatus(payload, rawPayload, requestId, body.byteLength);
    messageUuid = stored.messageUuid;
    if (stored.outcome === "duplicate") {
      await recordWebhookEvent({ kind, requestId, outcome: "duplicate", httpStatus: 200, bodyBytes: body.byteLength, messageUuid });
    } else if (stored.conversationId) {
      // Committed: the archiver may copy its media now, in the background, never in this request.
      if (stored.hasMedia) wakeJobLoop("media-archiver");
      await publishLiveEvent({ kind: kind === "inbound" ? "message" : "status", conversationId: stored.conversationId, messageId: stored.messageId });
    }
    return { status: stored.outcome === "duplicate" ? "duplicate" : stored.isUnreadable ? "unreadable" : "stored", messageUuid };
  } catch (error) {
    const appError = isAppError(error) ? error : new AppError("internal", "Unexpected error", { cause: error });
    // Past its per-minute share a refusal leaves no row and no log line, only a count.
    if (!admitRefusedWebhook(appError.code)) {
      options.skipRequestLog?.();
      throw error;
    }
    if (appError.code === "unavailable" || appError.code === "internal") {
      const cause = appError.cause instanceof Error ? `${appError.cause.name}: ${appError.cause.message}` : String(appError.cause);
      getLogger().error({ requestId, kind, err: cause.slice(0, 500) }, appError.code === "unavailable" ? "webhook not stored: database unavailable" : "webhook not stored: unexpected error");
    }
    // A refused body is kept (capped) so an operator can see what was sent; a 413's is not read.
    await recordWebhookEvent({
      kind,
      requestId,
      outcome: "rejected",
      httpStatus: appError.status,
      reason: appError.message,
      bodyBytes: appError.code === "payload_too_large" ? Number(request.headers.get("content-length") ?? 0) : body.byteLength,
      // Not the bodies of unsigned or oversized requests: anyone can send those.
      body: appError.code === "payload_too_large" || appError.code === "invalid_signature" ? undefined : new TextDecoder().decode(body),
      messageUuid,
    });
    throw error;
  }
}
