// Messages API v0.1 webhooks put addresses in objects ({type, number}) and the message under
// `message.content`. CareDesk reads only v1, and the fix is one setting in the Vonage dashboard,
// so such a body is refused (422) with that setting named, rather than stored unread.
import "server-only";
import { AppError } from "../errors";

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

const isV01Address = (value: unknown) => isObject(value) && typeof value.type === "string" && "number" in value;

export function assertWebhookVersion(payload: unknown): void {
  if (!isObject(payload)) return;
  const hasV01Message = isObject(payload.message) && isObject(payload.message.content);
  if (isV01Address(payload.from) || isV01Address(payload.to) || hasV01Message) {
    throw new AppError(
      "unprocessable",
      "This is a Messages API v0.1 webhook; CareDesk reads v1 only. In the Vonage dashboard, set this application's Messages webhook version to v1.",
    );
  }
}
