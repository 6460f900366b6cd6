// Part of the local Vonage stand-in: posts a webhook body to CareDesk, signed as Vonage signs it.
import { signWebhook } from "./sign-webhook";

export type WebhookTarget = { baseUrl: string; signatureSecret?: string; apiKey?: string };

export async function sendWebhook(
  target: WebhookTarget,
  kind: "inbound" | "status",
  payload: unknown,
  options: { headers?: Record<string, string>; body?: string; isUnsigned?: boolean } = {},
): Promise<Response> {
  const body = options.body ?? JSON.stringify(payload);
  const headers: Record<string, string> = { "content-type": "application/json", ...options.headers };
  if (target.signatureSecret && !options.isUnsigned && !("authorization" in headers)) {
    headers.authorization = `Bearer ${signWebhook(body, { signatureSecret: target.signatureSecret, apiKey: target.apiKey ?? "" })}`;
  }
  return fetch(`${target.baseUrl.replace(/\/$/, "")}/api/webhooks/${kind}`, { method: "POST", headers, body });
}
