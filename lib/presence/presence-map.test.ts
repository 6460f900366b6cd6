import { describe, expect, it } from "vitest";
import type { PresenceNotice } from "./presence-notice";
import { createPresenceMap, TYPING_EXPIRES_MS, VIEWING_EXPIRES_MS } from "./presence-map";

const sam = { id: "user-sam", name: "Sam" };
const ana = { id: "user-ana", name: "Ana" };
const lee = { id: "user-lee", name: "Lee" };

function report(person: { id: string; name: string }, report: PresenceNotice["report"], conversationId = "conversation-1"): Omit<PresenceNotice, "origin"> {
  return { conversationId, inboxId: "inbox-1", assigneeId: null, person, report };
}

describe("presence map", () => {
  it("announces a person who starts viewing, with what decides who may be told", () => {
    const map = createPresenceMap();
    expect(map.apply(report(sam, "viewing"), 0)).toEqual({
      conversationId: "conversation-1",
      inboxId: "inbox-1",
      assigneeId: null,
      people: [{ id: sam.id, name: "Sam", state: "viewing" }],
      changedPersonIds: [sam.id],
    });
    expect(map.list("conversation-1", 0)).toEqual([{ id: sam.id, name: "Sam", state: "viewing" }]);
    expect(map.list("conversation-2", 0)).toEqual([]);
  });

  it("announces nothing for a heartbeat that changes nothing, and keeps the person while heartbeats come", () => {
    const map = createPresenceMap();
    map.apply(report(sam, "viewing"), 0);
    expect(map.apply(report(sam, "viewing"), 12_000)).toBeNull();
    expect(map.apply(report(sam, "viewing"), 24_000)).toBeNull();
    expect(map.expire(40_000)).toEqual([]);
    expect(map.list("conversation-1", 40_000)).toHaveLength(1);
  });

  it("forgets a viewer whose heartbeats stopped, once, and then knows of nobody", () => {
    const map = createPresenceMap();
    map.apply(report(sam, "viewing"), 0);
    expect(map.nextExpiryAt(0)).toBe(VIEWING_EXPIRES_MS);
    expect(map.expire(VIEWING_EXPIRES_MS - 1)).toEqual([]);
    expect(map.expire(VIEWING_EXPIRES_MS)).toEqual([expect.objectContaining({ conversationId: "conversation-1", people: [], changedPersonIds: [sam.id] })]);
    expect(map.expire(VIEWING_EXPIRES_MS + 1)).toEqual([]);
    expect(map.list("conversation-1", VIEWING_EXPIRES_MS)).toEqual([]);
    expect(map.nextExpiryAt(VIEWING_EXPIRES_MS)).toBeNull();
  });

  it("shows typing for a few seconds after the last keystroke, then viewing again", () => {
    const map = createPresenceMap();
    map.apply(report(sam, "viewing"), 0);
    expect(map.apply(report(sam, "typing"), 1_000)?.people).toEqual([{ id: sam.id, name: "Sam", state: "typing" }]);
    // Typing again while typing changes nothing anyone sees.
    expect(map.apply(report(sam, "typing"), 3_000)).toBeNull();
    // A heartbeat while typing does not end it.
    expect(map.apply(report(sam, "viewing"), 4_000)).toBeNull();
    expect(map.nextExpiryAt(4_000)).toBe(3_000 + TYPING_EXPIRES_MS);
    expect(map.expire(3_000 + TYPING_EXPIRES_MS - 1)).toEqual([]);
    expect(map.expire(3_000 + TYPING_EXPIRES_MS)).toEqual([expect.objectContaining({ people: [{ id: sam.id, name: "Sam", state: "viewing" }], changedPersonIds: [sam.id] })]);
  });

  it("counts typing as viewing: a person who only ever typed is there until their typing and viewing run out", () => {
    const map = createPresenceMap();
    expect(map.apply(report(sam, "typing"), 0)?.people).toEqual([{ id: sam.id, name: "Sam", state: "typing" }]);
    expect(map.expire(TYPING_EXPIRES_MS)[0]?.people).toEqual([{ id: sam.id, name: "Sam", state: "viewing" }]);
    expect(map.expire(VIEWING_EXPIRES_MS)[0]?.people).toEqual([]);
  });

  it("a typing report keeps a viewer there as a heartbeat does", () => {
    const map = createPresenceMap();
    map.apply(report(sam, "viewing"), 0);
    map.apply(report(sam, "typing"), 25_000);
    expect(map.expire(VIEWING_EXPIRES_MS)).toEqual([]);
    expect(map.list("conversation-1", VIEWING_EXPIRES_MS)).toEqual([{ id: sam.id, name: "Sam", state: "typing" }]);
  });

  it("forgets a person who left at once, and a leaving nobody knew of changes nothing", () => {
    const map = createPresenceMap();
    map.apply(report(sam, "viewing"), 0);
    map.apply(report(ana, "viewing"), 0);
    expect(map.apply(report(sam, "left"), 1_000)).toEqual(expect.objectContaining({ people: [{ id: ana.id, name: "Ana", state: "viewing" }], changedPersonIds: [sam.id] }));
    expect(map.apply(report(sam, "left"), 1_500)).toBeNull();
    expect(map.apply(report(lee, "left", "conversation-9"), 1_500)).toBeNull();
    expect(map.list("conversation-9", 1_500)).toEqual([]);
  });

  it("lists people typing first, then in the order they came; coming back after leaving is coming last", () => {
    const map = createPresenceMap();
    map.apply(report(sam, "viewing"), 0);
    map.apply(report(ana, "viewing"), 1);
    map.apply(report(lee, "viewing"), 2);
    expect(map.list("conversation-1", 3).map((person) => person.name)).toEqual(["Sam", "Ana", "Lee"]);
    // A heartbeat keeps one's place.
    map.apply(report(sam, "viewing"), 4);
    expect(map.list("conversation-1", 5).map((person) => person.name)).toEqual(["Sam", "Ana", "Lee"]);
    map.apply(report(lee, "typing"), 6);
    map.apply(report(ana, "typing"), 7);
    expect(map.list("conversation-1", 8).map((person) => `${person.name} ${person.state}`)).toEqual(["Ana typing", "Lee typing", "Sam viewing"]);
    map.apply(report(sam, "left"), 9);
    map.apply(report(sam, "viewing"), 10);
    expect(map.list("conversation-1", 11).map((person) => person.name)).toEqual(["Ana", "Lee", "Sam"]);
  });

  it("keeps threads apart", () => {
    const map = createPresenceMap();
    map.apply(report(sam, "viewing", "conversation-1"), 0);
    expect(map.apply(report(ana, "typing", "conversation-2"), 1)).toEqual(expect.objectContaining({ conversationId: "conversation-2", people: [{ id: ana.id, name: "Ana", state: "typing" }] }));
    expect(map.list("conversation-1", 2)).toEqual([{ id: sam.id, name: "Sam", state: "viewing" }]);
    const expired = map.expire(VIEWING_EXPIRES_MS + 1);
    expect(expired.map((change) => change.conversationId).sort()).toEqual(["conversation-1", "conversation-2"]);
  });

  it("carries the thread's latest inbox and assignee, and announces a person's new name", () => {
    const map = createPresenceMap();
    map.apply(report(sam, "viewing"), 0);
    expect(map.apply({ ...report({ id: sam.id, name: "Samuel" }, "viewing"), inboxId: "inbox-2", assigneeId: "user-ana" }, 1)).toEqual(
      expect.objectContaining({ inboxId: "inbox-2", assigneeId: "user-ana", people: [{ id: sam.id, name: "Samuel", state: "viewing" }] }),
    );
  });
});
