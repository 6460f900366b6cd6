// Part of the local Vonage stand-in: signs a webhook body exactly as Vonage does (HS256 JWT with
// the account's signature secret and the body's SHA-256 as payload_hash).
import { randomUUID } from "node:crypto";
import jwt from "jsonwebtoken";
import { sha256Hex } from "@/lib/vonage/verify-webhook-signature";

export function signWebhook(
  body: Uint8Array | string,
  options: { signatureSecret: string; apiKey: string; applicationId?: string; issuedAt?: Date },
): string {
  const bytes = typeof body === "string" ? new TextEncoder().encode(body) : body;
  const claims = {
    iat: Math.floor((options.issuedAt ?? new Date()).getTime() / 1000),
    jti: randomUUID(),
    iss: "Vonage",
    api_key: options.apiKey,
    payload_hash: sha256Hex(bytes),
    ...(options.applicationId ? { application_id: options.applicationId } : {}),
  };
  return jwt.sign(claims, options.signatureSecret, { algorithm: "HS256" });
}
