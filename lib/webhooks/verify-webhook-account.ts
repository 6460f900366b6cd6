// Which Vonage account signed a webhook: its token names the account (`api_key`), and only that
// account's signature secrets are tried (the inboxes' own, and the environment's). A token signed
// with one account's secret but naming another's key verifies with none of them.
import "server-only";
import jwt from "jsonwebtoken";
import { AppError } from "../errors";
import { signatureSecretsFor } from "../inboxes/inbox-applications";
import { verifyWebhookSignature, type WebhookClaims } from "../vonage/verify-webhook-signature";

/** The `api_key` the token says it is from, read before anything is verified (only to pick the secret). */
function claimedApiKey(authorization: string | null): string | undefined {
  const token = /^Bearer\s+(\S+)$/i.exec(authorization?.trim() ?? "")?.[1];
  const claims = token ? jwt.decode(token) : null;
  return claims && typeof claims === "object" && typeof claims.api_key === "string" ? claims.api_key : undefined;
}

export async function verifyWebhookAccount(authorization: string | null, body: Uint8Array): Promise<WebhookClaims> {
  const apiKey = claimedApiKey(authorization);
  const candidates = await signatureSecretsFor(apiKey);
  if (candidates.length === 0) {
    throw new AppError("invalid_signature", `The webhook was signed for a Vonage account (api_key ${apiKey ?? "missing"}) that no inbox and not VONAGE_API_KEY belongs to.`);
  }
  let refusal: unknown;
  for (const candidate of candidates) {
    try {
      return verifyWebhookSignature({ authorization, body, signatureSecret: candidate.secret, apiKey: candidate.apiKey });
    } catch (error) {
      refusal = error;
    }
  }
  throw refusal;
}
