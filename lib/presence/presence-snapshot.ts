// Who is on a thread right now, as a tab is told it (the answer to its presence reports, and the
// live stream's `presence` events). Shared by server and browser. Never the person being told.

/** What a tab reports of its person on a thread: there, typing a reply, or gone. */
export const PRESENCE_REPORTS = ["viewing", "typing", "left"] as const;
export type PresenceReport = (typeof PRESENCE_REPORTS)[number];

/** What others see of a person on a thread. */
export type PresenceState = Exclude<PresenceReport, "left">;

export type PresencePerson = { id: string; name: string; state: PresenceState };

/** Everyone else on one thread, typing first, then in the order they came. */
export type PresenceSnapshot = { conversationId: string; people: PresencePerson[] };
