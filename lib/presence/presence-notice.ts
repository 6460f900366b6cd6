// A presence report as it travels between instances: on PostgreSQL with NOTIFY on a channel of its
// own (the one LISTEN connection of lib/live/subscribe-live-events.ts hears both), so the live
// updates' channel and its readers never see these. It carries the conversation's inbox and
// assignee, read when its sender's access was checked, so every instance can decide which of its
// streams may be told without reading the database. Ids and a display name only.
import { PRESENCE_REPORTS, type PresenceReport } from "./presence-snapshot";

export const PRESENCE_CHANNEL = "caredesk_presence";

export type PresenceNotice = {
  /** The instance that sent it: it applied the notice already, and ignores its own echo. */
  origin: string;
  conversationId: string;
  inboxId: string;
  assigneeId: string | null;
  person: { id: string; name: string };
  report: PresenceReport;
};

export function isPresenceNotice(value: unknown): value is PresenceNotice {
  const notice = value as PresenceNotice;
  return (
    typeof notice === "object" &&
    notice !== null &&
    typeof notice.origin === "string" &&
    typeof notice.conversationId === "string" &&
    typeof notice.inboxId === "string" &&
    (notice.assigneeId === null || typeof notice.assigneeId === "string") &&
    typeof notice.person === "object" &&
    notice.person !== null &&
    typeof notice.person.id === "string" &&
    typeof notice.person.name === "string" &&
    (PRESENCE_REPORTS as readonly string[]).includes(notice.report)
  );
}
