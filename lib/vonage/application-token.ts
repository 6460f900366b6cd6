// The Bearer JWT CareDesk presents to Vonage as its application (secured media today; the Messages
// API takes the same token to send): RS256 with the application's private key, claims
// application_id, iat, jti, exp. One token serves every request until shortly before it expires,
// rather than a signature per request. It never leaves lib/vonage/, nor the server.
import "server-only";
import { randomUUID } from "node:crypto";
import jwt from "jsonwebtoken";
import { getEnv } from "../env";
import { AppError } from "../errors";
import { getLogger } from "../logger";
import { loadMediaCredentials, type MediaCredentials } from "./media-credentials";

/** Vonage's SDKs default to 15 minutes. */
const TOKEN_LIFETIME_SECONDS = 900;
/** A token is replaced this long before it expires, so none is used at the edge of its life. */
const RENEW_BEFORE_SECONDS = 60;

type CachedToken = { token: string; expiresAt: number };

let environmentCredentials: MediaCredentials | undefined;
/** One token per application (the environment's, and each inbox's own). */
const cached = new Map<string, CachedToken>();

/**
 * Start-up refuses a broken key; should it break later (the file removed), agents get a neutral
 * 503 and the detail (which names the variable and path) goes to the log only.
 */
function loadCredentialsForRequest(): MediaCredentials {
  try {
    return loadMediaCredentials(getEnv());
  } catch (error) {
    if (error instanceof AppError && error.code === "config_invalid") {
      getLogger().error({ detail: error.message }, "media credentials unusable");
      throw new AppError("not_configured", "Customer media is misconfigured on this server: an admin should check the Vonage application settings in the server log.");
    }
    throw error;
  }
}

function signToken(current: MediaCredentials, nowSeconds = Math.floor(Date.now() / 1000)): CachedToken {
  const expiresAt = nowSeconds + TOKEN_LIFETIME_SECONDS;
  const token = jwt.sign({ application_id: current.applicationId, iat: nowSeconds, jti: randomUUID(), exp: expiresAt }, current.privateKey, {
    algorithm: "RS256",
  });
  return { token, expiresAt };
}

/** The token of `own` (an inbox's own application), or of the environment's application without it. */
export function getApplicationToken(own?: MediaCredentials, nowSeconds = Math.floor(Date.now() / 1000)): string {
  const credentials = own ?? (environmentCredentials ??= loadCredentialsForRequest());
  let token = cached.get(credentials.applicationId);
  if (!token || token.expiresAt - RENEW_BEFORE_SECONDS <= nowSeconds) {
    token = signToken(credentials, nowSeconds);
    cached.set(credentials.applicationId, token);
  }
  return token.token;
}

