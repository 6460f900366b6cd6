// Who is on which thread, as one instance knows it: conversation → person → until when they are
// viewing and until when typing. Nothing is stored: a person is there while their tab keeps
// reporting, and gone when it stops (a closed laptop sends no "left"). Pure: the caller passes the
// time, the instance's own, so clocks of other instances never matter.
import type { PresenceNotice } from "./presence-notice";
import type { PresencePerson } from "./presence-snapshot";

/** A tab reports every 10-15 s while its thread is open and visible: two missed reports, and the person is gone. */
export const VIEWING_EXPIRES_MS = 30_000;
/** A tab reports typing at most every few seconds while the reply box changes: a pause this long ends it. */
export const TYPING_EXPIRES_MS = 6_000;

/** What a thread's streams are sent when who is there changes, with what decides who may be told. */
export type PresenceChange = {
  conversationId: string;
  inboxId: string;
  assigneeId: string | null;
  people: PresencePerson[];
  /** Whose presence changed: a stream need not be told only of its own person. */
  changedPersonIds: string[];
};

export type PresenceMap = {
  /** Applies a report; answers the change when who is there (or how) changed, else null. */
  apply(notice: Omit<PresenceNotice, "origin">, now: number): PresenceChange | null;
  /** Forgets what ran out by `now`; answers the threads where that changed who is there. */
  expire(now: number): PresenceChange[];
  /** Who is on a thread at `now`: typing first, then in the order they came. */
  list(conversationId: string, now: number): PresencePerson[];
  /** When the next entry runs out (after `now`), or null when nobody is anywhere. */
  nextExpiryAt(now: number): number | null;
};

type Entry = { name: string; arrival: number; viewingUntil: number; typingUntil: number };
type Thread = { inboxId: string; assigneeId: string | null; people: Map<string, Entry>; shown: PresencePerson[] };

function visiblePeople(thread: Thread, now: number): PresencePerson[] {
  return [...thread.people.entries()]
    .filter(([, entry]) => entry.viewingUntil > now)
    .map(([id, entry]) => ({ person: { id, name: entry.name, state: entry.typingUntil > now ? ("typing" as const) : ("viewing" as const) }, arrival: entry.arrival }))
    .sort((a, b) => (a.person.state === b.person.state ? a.arrival - b.arrival : a.person.state === "typing" ? -1 : 1))
    .map(({ person }) => person);
}

function changedPersonIds(before: PresencePerson[], after: PresencePerson[]): string[] {
  const describe = (people: PresencePerson[]) => new Map(people.map((person) => [person.id, `${person.state}\n${person.name}`]));
  const was = describe(before);
  const is = describe(after);
  return [...new Set([...was.keys(), ...is.keys()])].filter((id) => was.get(id) !== is.get(id));
}

export function createPresenceMap(): PresenceMap {
  const threads = new Map<string, Thread>();
  let arrivals = 0;

  /** Compares who is there now with what was last announced; forgets an empty thread. */
  const settle = (conversationId: string, thread: Thread, now: number): PresenceChange | null => {
    const people = visiblePeople(thread, now);
    for (const [id, entry] of thread.people) if (entry.viewingUntil <= now) thread.people.delete(id);
    if (thread.people.size === 0) threads.delete(conversationId);
    const changed = changedPersonIds(thread.shown, people);
    if (changed.length === 0) return null;
    thread.shown = people;
    return { conversationId, inboxId: thread.inboxId, assigneeId: thread.assigneeId, people, changedPersonIds: changed };
  };

  return {
    apply(notice, now) {
      let thread = threads.get(notice.conversationId);
      if (!thread) {
        if (notice.report === "left") return null;
        thread = { inboxId: notice.inboxId, assigneeId: notice.assigneeId, people: new Map(), shown: [] };
        threads.set(notice.conversationId, thread);
      }
      // The latest report knows the thread's inbox and assignee best.
      thread.inboxId = notice.inboxId;
      thread.assigneeId = notice.assigneeId;
      const { id, name } = notice.person;
      if (notice.report === "left") {
        thread.people.delete(id);
      } else {
        const entry = thread.people.get(id);
        const isThere = entry !== undefined && entry.viewingUntil > now;
        const viewingUntil = now + VIEWING_EXPIRES_MS;
        thread.people.set(id, {
          name,
          arrival: isThere ? entry.arrival : ++arrivals,
          // Typing is viewing too; viewing reports go on while a person types, and do not end it.
          viewingUntil: isThere ? Math.max(entry.viewingUntil, viewingUntil) : viewingUntil,
          typingUntil: notice.report === "typing" ? now + TYPING_EXPIRES_MS : isThere ? entry.typingUntil : 0,
        });
      }
      return settle(notice.conversationId, thread, now);
    },
    expire(now) {
      return [...threads].flatMap(([conversationId, thread]) => settle(conversationId, thread, now) ?? []);
    },
    list(conversationId, now) {
      const thread = threads.get(conversationId);
      return thread ? visiblePeople(thread, now) : [];
    },
    nextExpiryAt(now) {
      let next: number | null = null;
      for (const thread of threads.values()) {
        for (const entry of thread.people.values()) {
          for (const at of [entry.viewingUntil, entry.typingUntil]) if (at > now && (next === null || at < next)) next = at;
        }
      }
      return next;
    },
  };
}
