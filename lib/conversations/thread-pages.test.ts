import { describe, expect, it } from "vitest";
import type { ThreadActivity } from "./thread-activity";
import type { ThreadMessage } from "./thread-message";
import { atMinute, threadMessage } from "@/test/support/thread-messages";
import { shownThread, withFreshRender, withOlderPage, type ThreadPage } from "./thread-pages";

const activity = (id: string, minute: number): ThreadActivity => ({ id, kind: "resolved", actor: null, actorId: null, detail: {}, createdAt: atMinute(minute) });
const page = (messages: ThreadMessage[], olderCursor: string | null, activities: ThreadActivity[] = []): ThreadPage => ({ messages, activity: activities, olderCursor });
const ids = (items: { id: string }[]) => items.map((item) => item.id);

describe("a thread's pages as a tab shows them", () => {
  const newest = page([threadMessage("c", 3), threadMessage("d", 4)], "cursor-c", [activity("resolved-4", 4)]);
  const older = page([threadMessage("a", 1), threadMessage("b", 2)], null, [activity("resolved-1", 1)]);

  it("puts an older page above what is shown, with its activity, and takes its cursor", () => {
    const shown = withOlderPage(shownThread(newest), older);
    expect(ids(shown.messages)).toEqual(["a", "b", "c", "d"]);
    expect(ids(shown.activity)).toEqual(["resolved-1", "resolved-4"]);
    expect(shown.olderCursor).toBeNull();
  });

  it("shows a fresh render as it is while no older page is open", () => {
    const fresh = page([threadMessage("d", 4), threadMessage("e", 5)], "cursor-d");
    expect(withFreshRender(shownThread(newest), fresh)).toEqual(shownThread(fresh));
  });

  it("keeps the older pages open across a fresh render, and the messages new ones pushed off the page", () => {
    const shown = withOlderPage(shownThread(newest), older);
    // Two new messages: "c" is no longer on the newest page, "d" changed (delivered).
    const fresh = page([threadMessage("d", 4, "delivered"), threadMessage("e", 5), threadMessage("f", 6)], "cursor-d", [activity("resolved-4", 4), activity("assigned-6", 6)]);
    const refreshed = withFreshRender(shown, fresh);
    expect(ids(refreshed.messages)).toEqual(["a", "b", "c", "d", "e", "f"]);
    expect(refreshed.messages.find((item) => item.id === "d")?.status).toBe("delivered");
    expect(ids(refreshed.activity)).toEqual(["resolved-1", "resolved-4", "assigned-6"]);
    expect(refreshed.olderCursor).toBeNull();
  });
});
