// How an open thread takes in messages a live update named: a changed one (a new status) replaced
// where it is, a new one in its place by time. Only the newest page of a thread takes new ones.
import type { ThreadMessage } from "../conversations/thread-message";

const oldestFirst = (a: ThreadMessage, b: ThreadMessage) => a.sentAt.localeCompare(b.sentAt) || a.id.localeCompare(b.id);

export function mergeThreadMessages(messages: ThreadMessage[], fetched: ThreadMessage[], options: { isNewestPage: boolean }): ThreadMessage[] {
  const byId = new Map(messages.map((message) => [message.id, message]));
  for (const message of fetched) {
    if (byId.has(message.id) || options.isNewestPage) byId.set(message.id, message);
  }
  return [...byId.values()].sort(oldestFirst);
}
