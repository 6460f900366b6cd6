import { unstable_rethrow } from "next/navigation";
import { z } from "zod";
import { isWriteConflict, WRITE_CONFLICT_MESSAGE } from "../db/is-write-conflict";
import { isAppError } from "../errors";
import { getLogger } from "../logger";

/**
 * What a server action returns to its form: a message, or an error a person can act on. `values`:
 * what was submitted, for a refused form to show again (React empties a form after its action).
 */
export type FormState = { message?: string; error?: string; fieldErrors?: Record<string, string>; values?: Record<string, string> };

/** The named text fields of a submitted form, for `values`. */
export function submittedValues(formData: FormData, names: string[]): Record<string, string> {
  return Object.fromEntries(names.map((name) => [name, String(formData.get(name) ?? "")]));
}

/**
 * Turns a thrown error into form state; unexpected errors are logged and get a generic message.
 * Next's own control flow (redirect to sign-in, forbidden) is thrown on, not swallowed.
 */
export function formStateFromError(error: unknown): FormState {
  unstable_rethrow(error);
  if (error instanceof z.ZodError) {
    const fieldErrors: Record<string, string> = {};
    for (const issue of error.issues) fieldErrors[String(issue.path[0] ?? "form")] ??= issue.message;
    return { error: Object.values(fieldErrors)[0] ?? "Check the form and try again.", fieldErrors };
  }
  if (isAppError(error)) {
    const field = typeof error.details?.field === "string" ? error.details.field : undefined;
    return { error: error.message, fieldErrors: field ? { [field]: error.message } : undefined };
  }
  if (isWriteConflict(error)) return { error: WRITE_CONFLICT_MESSAGE };
  getLogger().error({ err: error instanceof Error ? error.message : String(error) }, "server action failed");
  return { error: "Something went wrong on CareDesk's side. Try again." };
}
