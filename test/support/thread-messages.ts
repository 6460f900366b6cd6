// Messages as an open thread holds them (ThreadMessage), for unit tests of what the browser does
// with them: a text message at a minute of one day, from the customer, or ours once it has a status.
import type { ThreadMessage } from "@/lib/conversations/thread-message";

export const atMinute = (minute: number) => new Date(Date.UTC(2026, 10, 29, 12, minute)).toISOString();

export function threadMessage(id: string, minute: number, status: string | null = null): ThreadMessage {
  return {
    id,
    messageUuid: `uuid-${id}`,
    direction: status ? "outbound" : "inbound",
    author: null,
    delivery: null,
    template: null,
    channel: "whatsapp",
    messageType: "text",
    text: `text ${id}`,
    content: null,
    extras: {},
    sentAt: atMinute(minute),
    status,
    media: [],
    quoted: null,
    rawPreview: null,
  };
}
