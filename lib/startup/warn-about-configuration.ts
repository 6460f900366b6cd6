// Start-up warnings for settings that are allowed but unsafe, so an operator sees them in the log.
import { getEnv } from "../env";
import { getLogger } from "../logger";

export function warnAboutConfiguration(): void {
  const env = getEnv();
  const logger = getLogger();
  if (env.VONAGE_WEBHOOK_SIGNATURES === "off") {
    logger.warn("webhook signatures are OFF (VONAGE_WEBHOOK_SIGNATURES=off): anyone who can reach the webhooks can post messages");
  } else if (!env.VONAGE_SIGNATURE_SECRET) {
    logger.warn("VONAGE_SIGNATURE_SECRET is not set: the webhooks answer 503 until it is");
  }
  if (!env.MEDIA_ENCRYPTION_KEY) {
    // Said plainly: nothing is stored in plaintext instead, so the files are lost after 48 hours.
    logger.warn("MEDIA_ENCRYPTION_KEY is not set: customer media is not archived and disappears from Vonage after 48 hours");
  }
  if (env.TRUSTED_PROXY_HOPS === 0) {
    logger.warn(
      "TRUSTED_PROXY_HOPS=0: CareDesk cannot know clients' addresses, so the per-address sign-in limit is off (the per-account limit still holds) and the audit trail records \"unknown\"; behind a proxy, set TRUSTED_PROXY_HOPS to the number of proxies",
    );
  }
}
