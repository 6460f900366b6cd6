// The one logger: JSON lines on stdout. Secrets are redacted by key wherever they appear; message
// text and media bytes are never passed to it in the first place.
import pino from "pino";
import { getEnv } from "./env";

let instance: pino.Logger | undefined;

export function getLogger(): pino.Logger {
  instance ??= pino({
    level: getEnv().LOG_LEVEL,
    base: { service: "caredesk" },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: [
        "authorization",
        "*.authorization",
        "*.headers.authorization",
        "*.headers.cookie",
        "password",
        "*.password",
        "token",
        "*.token",
        "privateKey",
        "*.privateKey",
      ],
      censor: "[redacted]",
    },
  });
  return instance;
}
