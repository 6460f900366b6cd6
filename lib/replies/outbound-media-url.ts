// The address Vonage fetches a reply's attachment from: PUBLIC_URL/api/outbound-media/<media id>
// with an expiry and an HMAC-SHA256 over both. Unguessable (the signature), short-lived (an hour:
// Vonage fetches right after it accepts a message; a retry signs a new one) and tied to one file.
// The HMAC key is derived from the media master key, so it is the same on every instance.
import "server-only";
import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { getEnv } from "../env";
import { currentMasterKey } from "../media-archive/master-keys";

export const OUTBOUND_MEDIA_URL_LIFETIME_MS = 60 * 60_000;

function signingKey(): Buffer {
  const master = currentMasterKey();
  if (!master) throw new Error("outbound media URLs need MEDIA_ENCRYPTION_KEY");
  return Buffer.from(hkdfSync("sha256", master.key, Buffer.alloc(0), "caredesk outbound media url v1", 32));
}

function signatureOf(mediaItemId: string, expires: number): Buffer {
  return createHmac("sha256", signingKey()).update(`${mediaItemId}.${expires}`).digest();
}

export function signOutboundMediaUrl(mediaItemId: string, now = new Date()): string {
  const expires = Math.floor((now.getTime() + OUTBOUND_MEDIA_URL_LIFETIME_MS) / 1000);
  const base = getEnv().PUBLIC_URL!.replace(/\/$/, "");
  return `${base}/api/outbound-media/${mediaItemId}?expires=${expires}&signature=${signatureOf(mediaItemId, expires).toString("base64url")}`;
}

/** Whether the URL's expiry and signature are the ones CareDesk made, and not yet past. */
export function isValidOutboundMediaSignature(mediaItemId: string, expires: string | null, signature: string | null, now = new Date()): boolean {
  if (!expires || !/^\d{1,12}$/.test(expires) || !signature || !currentMasterKey()) return false;
  if (Number(expires) * 1000 <= now.getTime()) return false;
  const given = Buffer.from(signature, "base64url");
  const expected = signatureOf(mediaItemId, Number(expires));
  return given.length === expected.length && timingSafeEqual(given, expected);
}
