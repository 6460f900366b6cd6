// The one error type of CareDesk. Library code throws AppError with a code; the route wrapper
// (lib/http/with-route.ts) turns the code into an HTTP status and the JSON shape
// {error: {code, message}}. Messages are written for the person who reads them and never carry a
// secret, a stack or a customer's message text.

export const ERROR_STATUS = {
  bad_request: 400,
  invalid_signature: 401,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  rate_limited: 429,
  internal: 500,
  upstream_error: 502,
  not_configured: 503,
  unavailable: 503,
  upstream_timeout: 504,
  // Not HTTP-facing: start-up and command-line failures.
  config_invalid: 500,
  migration_failed: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class AppError extends Error {
  readonly code: ErrorCode;
  /** Extra fields safe to show the caller (never secrets). */
  readonly details?: Record<string, unknown>;
  /** Sent as Retry-After with a 429 or 503: when asking again is worth it. */
  readonly retryAfterSeconds?: number;

  constructor(
    code: ErrorCode,
    message: string,
    options?: { cause?: unknown; details?: Record<string, unknown>; retryAfterSeconds?: number },
  ) {
    super(message, { cause: options?.cause });
    this.name = "AppError";
    this.code = code;
    this.details = options?.details;
    this.retryAfterSeconds = options?.retryAfterSeconds;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
