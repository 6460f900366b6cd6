import type { Logger } from "pino";
import { isWriteConflict, WRITE_CONFLICT_MESSAGE } from "../db/is-write-conflict";
import { AppError, isAppError } from "../errors";

export type ErrorBody = { error: { code: string; message: string; requestId?: string } & Record<string, unknown> };

/** Maps any thrown value to the one JSON error shape; unknown errors become a generic 500. */
export function errorResponse(error: unknown, requestId: string, logger: Logger): Response {
  let appError: AppError;
  if (isAppError(error)) {
    appError = error;
  } else if (isWriteConflict(error)) {
    // A lost race between two transactions, not a fault: the same request succeeds when sent again.
    appError = new AppError("conflict", WRITE_CONFLICT_MESSAGE);
  } else {
    appError = new AppError("internal", "Something went wrong on CareDesk's side. Try again; if it keeps happening, give an admin this request id.");
    logger.error({ err: error, requestId }, "unhandled error");
  }
  const body: ErrorBody = { error: { ...appError.details, code: appError.code, message: appError.message, requestId } };
  const headers = appError.retryAfterSeconds === undefined ? undefined : { "retry-after": String(appError.retryAfterSeconds) };
  return Response.json(body, { status: appError.status, headers });
}
