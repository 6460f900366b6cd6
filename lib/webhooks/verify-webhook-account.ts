// Which Vonage account signed a webhook: its token names the account (`api_key`), and only that
// account's signature secrets are tried (the inboxes' own, and the environment's). A token signed
// with one account's secret but naming another's key verifies with none of them.
import "server-only";
import { randomBytes } from "node:crypto";
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
  let candidates: { secret: string; apiKey?: string }[];
  try {
    candidates = await signatureSecretsFor(apiKey);
  } catch (error) {
    throw new AppError("unavailable", "CareDesk could not read its inboxes' accounts right now (database unavailable); Vonage will retry.", { cause: error });
  }
  if (candidates.length === 0) {
    // No token to read an account from: the check itself says what is wrong with the header.
    if (!apiKey) verifyWebhookSignature({ authorization, body, signatureSecret: randomBytes(32).toString("hex") });
    throw new AppError("invalid_signature", `The webhook was signed for another Vonage account (api_key ${apiKey ?? "missing"}): neither VONAGE_API_KEY's nor any inbox's.`);
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
