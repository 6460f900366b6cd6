import { randomUUID } from "node:crypto";

export const REQUEST_ID_HEADER = "x-request-id";

/**
 * CareDesk's id for a request, always made here: a caller's x-request-id is never used as ours,
 * so no one can make their requests' log lines pass for another request's.
 */
export function newRequestId(): string {
  return randomUUID();
}

/** The caller's x-request-id (a load balancer's, say) when it is a sane token, logged as callerRequestId. */
export function callerRequestIdFrom(headers: Headers): string | undefined {
  const given = headers.get(REQUEST_ID_HEADER);
  return given && /^[A-Za-z0-9._:-]{8,128}$/.test(given) ? given : undefined;
}
