// Vonage's reasons in words an agent can act on: the problem+json of a refused request, and the
// `error` of a rejected or undeliverable status webhook, whatever shape it arrives in.

/** The Messages API error codes an agent meets, with what to do about each. */
const KNOWN_CODES: Record<string, string> = {
  "1000": "Throttled by the provider: it will be accepted later.",
  "1020": "Invalid parameters.",
  "1021": "Invalid Messenger tag.",
  "1022": "Invalid template or template parameters: check the template's name, locale and number of parameters.",
  "1300": "The recipient is not part of the provider's network.",
  "1340": "Outside the allowed window: WhatsApp accepts only an approved template once 24 hours have passed since the customer's last message.",
  "1380": "Vonage could not fetch the attachment: check that PUBLIC_URL is reachable from the internet.",
  "1381": "The attachment is too large for this channel.",
  "1382": "This channel does not accept the attachment's file type.",
};

const text = (value: unknown): string | undefined =>
  typeof value === "string" && value.trim() ? value.trim() : typeof value === "number" ? String(value) : undefined;

/** The code and detail in an error object, one level of nesting deep (`{error: {...}}` too). */
function codeAndDetail(value: unknown, depth = 0): { code?: string; detail?: string } {
  if (typeof value === "string" || typeof value === "number") return { detail: text(value) };
  if (!value || typeof value !== "object" || Array.isArray(value)) return {};
  const record = value as Record<string, unknown>;
  const codeFromType = text(record.type)?.match(/#(\d{3,5})$/)?.[1];
  const code = text(record.title)?.match(/^\d{3,5}$/) ? text(record.title) : (text(record.code) ?? text(record.error_code) ?? codeFromType);
  const detail = text(record.detail) ?? text(record.reason) ?? text(record.message) ?? text(record.description) ?? (code ? undefined : text(record.title));
  if ((code || detail) || depth > 0) return { code, detail };
  for (const nested of Object.values(record)) {
    const found = codeAndDetail(nested, depth + 1);
    if (found.code || found.detail) return found;
  }
  return {};
}

/** A status webhook's `error`, in words; never empty, whatever the shape. */
export function describeStatusError(error: unknown, status: string): string {
  const { code, detail } = codeAndDetail(error);
  const known = code ? KNOWN_CODES[code] : undefined;
  const words = [known, detail && detail !== known ? detail : undefined].filter(Boolean).join(" ");
  if (words) return code ? `${words} (Vonage error ${code})` : words;
  if (code) return `Vonage error ${code}.`;
  return status === "undeliverable" ? "Vonage could not deliver this message to the provider." : "Vonage rejected this message without saying why.";
}

/** A non-2xx answer to `POST /v1/messages`, in words. */
export function describeVonageProblem(httpStatus: number, problem: unknown): string {
  const record = problem && typeof problem === "object" ? (problem as Record<string, unknown>) : {};
  const title = text(record.title);
  const detail = text(record.detail);
  const invalid = Array.isArray(record.invalid_parameters)
    ? record.invalid_parameters
        .map((entry) => (entry && typeof entry === "object" ? `${text((entry as Record<string, unknown>).name) ?? "?"}: ${text((entry as Record<string, unknown>).reason) ?? "invalid"}` : undefined))
        .filter(Boolean)
        .join("; ")
    : "";
  const lead =
    httpStatus === 401 || httpStatus === 403
      ? "Vonage refused CareDesk's credentials: an admin should check VONAGE_APPLICATION_ID and the private key."
      : httpStatus === 429
        ? "Vonage asked CareDesk to slow down."
        : httpStatus >= 500
          ? "Vonage had a problem on its side."
          : "Vonage refused the message.";
  const said = [title, detail, invalid].filter(Boolean).join(" – ");
  return said ? `${lead} (${httpStatus}: ${said})` : `${lead} (${httpStatus})`;
}
