// Parses a Messages API status webhook (v1). Any status string is kept (Vonage adds new ones);
// the error object's title may be a number, and an error of any other shape still gives a reason.
import { z } from "zod";
import { AppError } from "../errors";
import type { StatusUpdate } from "../messages/message-content";
import { describeStatusError } from "../vonage/describe-vonage-error";
import { webhookTimestamp } from "./webhook-json";

const text = z.union([z.string(), z.number()]).transform(String);

const statusSchema = z.object({
  message_uuid: z.string().min(1).max(200),
  to: text.pipe(z.string().max(256)),
  from: text.pipe(z.string().max(256)),
  timestamp: webhookTimestamp,
  status: z.string().min(1).max(50),
  channel: z.string().min(1).max(50).optional().default("unknown"),
  client_ref: z.string().optional().catch(undefined),
  error: z
    .object({ type: text.optional(), title: text.optional(), detail: text.optional(), instance: text.optional() })
    .optional()
    .catch(undefined),
});

export function parseStatusUpdate(payload: unknown): StatusUpdate {
  const parsed = statusSchema.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError("unprocessable", `Not a Messages API status webhook: ${issue?.path.join(".") || "body"}: ${issue?.message}.`);
  }
  const data = parsed.data;
  const rawError = (payload as { error?: unknown }).error;
  const isFailure = data.status === "rejected" || data.status === "undeliverable";
  return {
    messageUuid: data.message_uuid,
    status: data.status,
    channel: data.channel,
    from: data.from,
    to: data.to,
    occurredAt: new Date(data.timestamp),
    error: data.error ?? null,
    errorText: isFailure || rawError !== undefined ? describeStatusError(rawError, data.status) : null,
    clientRef: data.client_ref,
  };
}
