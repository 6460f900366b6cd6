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
  const post = () => fetch(`${target.baseUrl.replace(/\/$/, "")}/api/webhooks/${kind}`, { method: "POST", headers, body });
  try {
    return await post();
  } catch (error) {
    // A kept-alive connection the server closed as this request went out (its keep-alive timer
    // and fetch's race on a loaded machine): Vonage delivers again when it gets no answer; so does
    // the stand-in, once. Any other failure (a refused connection, a crash) is the caller's to see.
    if (!isClosedBeforeAnswer(error)) throw error;
    return post();
  }
}

function isClosedBeforeAnswer(error: unknown): boolean {
  const cause = error instanceof Error ? (error.cause as { code?: string } | undefined) : undefined;
  return cause?.code === "UND_ERR_SOCKET";
}
