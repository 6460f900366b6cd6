import { notFound } from "next/navigation";
import { isAppError } from "../errors";

/** For pages: a lib "not_found" becomes Next's 404 page; anything else goes on to the error boundary. */
export function notFoundOnAppError(error: unknown): never {
  if (isAppError(error) && error.code === "not_found") notFound();
  throw error;
}
