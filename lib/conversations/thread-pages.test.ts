import { describe, expect, it } from "vitest";
import type { ThreadActivity } from "./thread-activity";
import type { ThreadMessage } from "./thread-message";
import { shownThread, withFreshRender, withOlderPage, type ThreadPage } from "./thread-pages";

const at = (minute: number) => new Date(Date.UTC(2026, 10, 30, 9, minute)).toISOString();
const message = (id: string, minute: number, status: string | null = null): ThreadMessage => ({
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
  sentAt: at(minute),
  status,
  media: [],
  quoted: null,
  rawPreview: null,
});
const activity = (id: string, minute: number): ThreadActivity => ({ id, kind: "resolved", actor: null, actorId: null, detail: {}, createdAt: at(minute) });
const page = (messages: ThreadMessage[], olderCursor: string | null, activities: ThreadActivity[] = []): ThreadPage => ({ messages, activity: activities, olderCursor });
const ids = (items: { id: string }[]) => items.map((item) => item.id);

describe("a thread's pages as a tab shows them", () => {
  const newest = page([message("c", 3), message("d", 4)], "cursor-c", [activity("resolved-4", 4)]);
  const older = page([message("a", 1), message("b", 2)], null, [activity("resolved-1", 1)]);

  it("puts an older page above what is shown, with its activity, and takes its cursor", () => {
    const shown = withOlderPage(shownThread(newest), older);
    expect(ids(shown.messages)).toEqual(["a", "b", "c", "d"]);
    expect(ids(shown.activity)).toEqual(["resolved-1", "resolved-4"]);
    expect(shown.olderCursor).toBeNull();
  });

  it("shows a fresh render as it is while no older page is open", () => {
    const fresh = page([message("d", 4), message("e", 5)], "cursor-d");
    expect(withFreshRender(shownThread(newest), fresh)).toEqual(shownThread(fresh));
  });

  it("keeps the older pages open across a fresh render, and the messages new ones pushed off the page", () => {
    const shown = withOlderPage(shownThread(newest), older);
    // Two new messages: "c" is no longer on the newest page, "d" changed (delivered).
    const fresh = page([message("d", 4, "delivered"), message("e", 5), message("f", 6)], "cursor-d", [activity("resolved-4", 4), activity("assigned-6", 6)]);
    const refreshed = withFreshRender(shown, fresh);
    expect(ids(refreshed.messages)).toEqual(["a", "b", "c", "d", "e", "f"]);
    expect(refreshed.messages.find((item) => item.id === "d")?.status).toBe("delivered");
    expect(ids(refreshed.activity)).toEqual(["resolved-1", "resolved-4", "assigned-6"]);
    expect(refreshed.olderCursor).toBeNull();
  });
});
