// Verifies a signed Messages API webhook: `Authorization: Bearer <JWT>`, HS256 with the account's
// signature secret, whose `payload_hash` is the hex SHA-256 of the exact body bytes received.
// The Vonage SDK's verifySignature checks the signature only; this also checks the body hash,
// the API key and the issue time.
import { createHash, createSecretKey, timingSafeEqual, type KeyObject } from "node:crypto";
import jwt from "jsonwebtoken";
import { AppError } from "../errors";

/** How far in the future a webhook's `iat` may be, for clock differences. */
export const WEBHOOK_CLOCK_SKEW_SECONDS = 300;

export type WebhookClaims = {
  iat: number;
  jti?: string;
  iss?: string;
  api_key?: string;
  payload_hash: string;
  application_id?: string;
};

function refuse(reason: string): never {
  throw new AppError("invalid_signature", reason);
}

export function sha256Hex(body: Uint8Array): string {
  return createHash("sha256").update(body).digest("hex");
}

// jsonwebtoken turns a string secret into a key on every call (first trying, and failing, to read
// it as a public key); the key object is made once per secret instead.
const secretKeys = new Map<string, KeyObject>();
function secretKeyOf(secret: string): KeyObject {
  let key = secretKeys.get(secret);
  if (!key) {
    key = createSecretKey(Buffer.from(secret, "utf8"));
    secretKeys.set(secret, key);
  }
  return key;
}

function equalText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export function verifyWebhookSignature(input: {
  authorization: string | null;
  body: Uint8Array;
  signatureSecret: string;
  apiKey?: string;
  now?: Date;
}): WebhookClaims {
  const match = /^Bearer\s+(\S+)$/i.exec(input.authorization?.trim() ?? "");
  if (!input.authorization) refuse("Missing Authorization header: Vonage signs webhooks with `Authorization: Bearer <JWT>`.");
  if (!match) refuse("The Authorization header is not `Bearer <JWT>`.");

  let claims: jwt.JwtPayload;
  try {
    // Only HS256: refuses `alg: none` and any RS/HS confusion.
    const verified = jwt.verify(match[1]!, secretKeyOf(input.signatureSecret), { algorithms: ["HS256"] });
    if (typeof verified === "string") refuse("The webhook's JWT has no claims.");
    claims = verified;
  } catch (error) {
    if (error instanceof AppError) throw error;
    refuse("The webhook's signature does not verify with VONAGE_SIGNATURE_SECRET (wrong secret, altered token or an algorithm other than HS256).");
  }

  if (typeof claims.payload_hash !== "string") refuse("The webhook's JWT has no payload_hash claim.");
  if (!equalText(claims.payload_hash.toLowerCase(), sha256Hex(input.body))) {
    refuse("The body does not match the signed payload_hash: it was altered after Vonage signed it.");
  }
  if (input.apiKey && (typeof claims.api_key !== "string" || !equalText(claims.api_key, input.apiKey))) {
    refuse("The webhook was signed for another Vonage account (its api_key is not VONAGE_API_KEY).");
  }
  const now = Math.floor((input.now ?? new Date()).getTime() / 1000);
  if (typeof claims.iat !== "number") refuse("The webhook's JWT has no iat claim.");
  if (claims.iat > now + WEBHOOK_CLOCK_SKEW_SECONDS) refuse("The webhook's JWT was issued in the future (iat): check this server's clock.");

  return claims as WebhookClaims;
}
