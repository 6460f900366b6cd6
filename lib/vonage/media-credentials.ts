// The Vonage application's identity for Secure Inbound Media: its id and private key, read and
// parsed once. A missing or unreadable key is a configuration error that names the variable.
import { createPrivateKey, type KeyObject } from "node:crypto";
import { readFileSync } from "node:fs";
import type { Env } from "../env";
import { AppError } from "../errors";

export type MediaCredentials = { applicationId: string; privateKey: KeyObject };

const NOT_CONFIGURED =
  "Customer media is not configured: set VONAGE_APPLICATION_ID and the application's private key " +
  "(VONAGE_PRIVATE_KEY_PATH, or VONAGE_PRIVATE_KEY with the PEM text).";

export function isMediaConfigured(env: Env): boolean {
  return Boolean(env.VONAGE_APPLICATION_ID || env.VONAGE_PRIVATE_KEY || env.VONAGE_PRIVATE_KEY_PATH);
}

function parseKey(pem: string, variable: string): KeyObject {
  try {
    const key = createPrivateKey({ key: pem, format: "pem" });
    if (key.asymmetricKeyType !== "rsa") throw new Error("not RSA");
    return key;
  } catch {
    throw new AppError("config_invalid", `${variable} is not an RSA private key in PEM format (the private.key file Vonage gave you when you created the application).`);
  }
}

/** Reads the credentials from the environment; throws AppError naming what is wrong. */
export function loadMediaCredentials(env: Env): MediaCredentials {
  if (!isMediaConfigured(env)) throw new AppError("not_configured", NOT_CONFIGURED);
  if (!env.VONAGE_APPLICATION_ID) throw new AppError("config_invalid", "VONAGE_APPLICATION_ID is not set: media JWTs must name the Vonage application.");
  let privateKey: KeyObject;
  if (env.VONAGE_PRIVATE_KEY) {
    // Hosts that inject secrets as one-line variables often escape the newlines.
    privateKey = parseKey(env.VONAGE_PRIVATE_KEY.replace(/\\n/g, "\n"), "VONAGE_PRIVATE_KEY");
  } else if (env.VONAGE_PRIVATE_KEY_PATH) {
    let pem: string;
    try {
      pem = readFileSync(env.VONAGE_PRIVATE_KEY_PATH, "utf8");
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? "unreadable";
      throw new AppError("config_invalid", `VONAGE_PRIVATE_KEY_PATH points at a file CareDesk cannot read (${code}): ${env.VONAGE_PRIVATE_KEY_PATH}`);
    }
    privateKey = parseKey(pem, "VONAGE_PRIVATE_KEY_PATH");
  } else {
    throw new AppError("config_invalid", "Set VONAGE_PRIVATE_KEY_PATH (or VONAGE_PRIVATE_KEY): the application's private key signs media requests.");
  }
  return { applicationId: env.VONAGE_APPLICATION_ID, privateKey };
}
