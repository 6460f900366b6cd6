// AUTH_SECRET signs and encrypts session cookies. Production needs it set (the same value on every
// instance). Outside production, a random one is made once and kept beside the embedded database,
// so `npm run dev` works without setup and sessions survive restarts.
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Env } from "../env";
import { AppError } from "../errors";

export const MISSING_AUTH_SECRET =
  "AUTH_SECRET is not set. CareDesk signs session cookies with it and needs it in production: " +
  "generate one with `openssl rand -base64 32` and set AUTH_SECRET (the same value on every instance).";

/** The local secret file used by the quick start and in development. */
export function localAuthSecret(directory = path.resolve("data")): string {
  const file = path.join(directory, ".auth-secret");
  try {
    return readFileSync(file, "utf8").trim();
  } catch {
    mkdirSync(directory, { recursive: true });
    const secret = randomBytes(32).toString("base64url");
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: "wx" });
    return readFileSync(file, "utf8").trim();
  }
}

export function resolveAuthSecret(env: Env): string {
  if (env.AUTH_SECRET) return env.AUTH_SECRET;
  if (env.NODE_ENV === "production") throw new AppError("config_invalid", MISSING_AUTH_SECRET);
  return localAuthSecret();
}
