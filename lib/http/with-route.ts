// The one wrapper around every route handler: a request id, one structured log line per request,
// and AppError → HTTP mapping. Handlers return a Response or throw.
import "server-only";
import type { NextRequest } from "next/server";
import { getLogger } from "../logger";
import { errorResponse } from "./error-response";
import { callerRequestIdFrom, newRequestId, REQUEST_ID_HEADER } from "./request-id";

export type RouteContext<Params> = {
  request: NextRequest;
  params: Params;
  requestId: string;
  /** Fields to add to the request's log line (ids, outcomes; never secrets or message text). */
  logFields: Record<string, unknown>;
  /** Leaves out the request's log line: for requests a flood could repeat, counted elsewhere instead. */
  skipRequestLog: () => void;
};

type NextContext<Params> = { params: Promise<Params> };

export function withRoute<Params = Record<string, never>>(
  handler: (context: RouteContext<Params>) => Promise<Response>,
) {
  return async (request: NextRequest, nextContext: NextContext<Params>): Promise<Response> => {
    const startedAt = performance.now();
    const requestId = newRequestId();
    const callerRequestId = callerRequestIdFrom(request.headers);
    const logger = getLogger();
    const logFields: Record<string, unknown> = {};
    let isLogged = true;
    const skipRequestLog = () => {
      isLogged = false;
    };
    let response: Response;
    try {
      response = await handler({ request, params: await nextContext.params, requestId, logFields, skipRequestLog });
    } catch (error) {
      response = errorResponse(error, requestId, logger);
    }
    response.headers.set(REQUEST_ID_HEADER, requestId);
    if (isLogged) logger.info(
      {
        requestId,
        callerRequestId,
        method: request.method,
        path: request.nextUrl.pathname,
        status: response.status,
        durationMs: Math.round((performance.now() - startedAt) * 10) / 10,
        ...logFields,
      },
      "request",
    );
    return response;
  };
}
