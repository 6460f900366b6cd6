// The whole life of one webhook request: size cap, signature, JSON, schema, store, event log.
// Answers as Vonage expects: 200 once stored (or already stored), 4xx for what can never be
// stored (Vonage does not retry those), 5xx when storing failed for now (Vonage retries).
import "server-only";
import { isDatabaseUnavailable } from "../db/is-database-unavailable";
import { getEnv } from "../env";
import { AppError, isAppError } from "../errors";
import { getLogger } from "../logger";
import { publishLiveEvent } from "../live/publish-live-event";
import { verifyWebhookSignature } from "../vonage/verify-webhook-signature";
import { ingestInboundMessage } from "./ingest-inbound-message";
import { ingestStatusUpdate } from "./ingest-status-update";
import { admitRefusedWebhook } from "./limit-refused-webhooks";
import { parseInboundMessage } from "./parse-inbound-message";
import { parseStatusUpdate } from "./parse-status-update";
import { readLimitedBody } from "./read-limited-body";
import { recordWebhookEvent } from "./record-webhook-event";
import { parseWebhookJson } from "./webhook-json";

export type WebhookKind = "inbound" | "status";

export type WebhookReceipt = { status: "stored" | "duplicate"; messageUuid: string };

async function store(kind: WebhookKind, payload: unknown, rawPayload: string, requestId: string) {
  if (kind === "inbound") {
    const message = parseInboundMessage(payload);
    return { messageUuid: message.messageUuid, result: await storeOrUnavailable(() => ingestInboundMessage(message, rawPayload, requestId)) };
  }
  const update = parseStatusUpdate(payload);
  return { messageUuid: update.messageUuid, result: await storeOrUnavailable(() => ingestStatusUpdate(update, rawPayload, requestId)) };
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
  if (isSigned && !env.VONAGE_SIGNATURE_SECRET) {
    throw new AppError(
      "not_configured",
      "Webhooks are not configured: set VONAGE_SIGNATURE_SECRET to your Vonage account's signature secret (or VONAGE_WEBHOOK_SIGNATURES=off for unsigned local testing).",
    );
  }

  let body: Uint8Array = new Uint8Array();
  let messageUuid: string | undefined;
  try {
    body = await readLimitedBody(request, env.WEBHOOK_MAX_BODY_BYTES);
    if (isSigned) {
      verifyWebhookSignature({
        authorization: request.headers.get("authorization"),
        body,
        signatureSecret: env.VONAGE_SIGNATURE_SECRET!,
        apiKey: env.VONAGE_API_KEY,
      });
    }
    const rawPayload = new TextDecoder("utf-8", { fatal: false }).decode(body);
    let payload: unknown;
    try {
      payload = parseWebhookJson(rawPayload);
    } catch {
      throw new AppError("bad_request", "The body is not valid JSON.");
    }
    if (typeof payload !== "object" || payload === null || Array.isArray(payload)) {
      throw new AppError("unprocessable", "The body must be a JSON object.");
    }
    const stored = await store(kind, payload, rawPayload, requestId);
    messageUuid = stored.messageUuid;
    if (stored.result.outcome === "duplicate") {
      await recordWebhookEvent({ kind, requestId, outcome: "duplicate", httpStatus: 200, bodyBytes: body.byteLength, messageUuid });
    } else if (stored.result.conversationId) {
      await publishLiveEvent({ type: "conversation", conversationId: stored.result.conversationId });
    }
    return { status: stored.result.outcome === "accepted" ? "stored" : "duplicate", messageUuid };
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
