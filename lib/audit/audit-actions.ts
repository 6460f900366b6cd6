// Every action the audit trail records, with the words the audit page shows for it. A new action
// is added here first: recordAuditEvent accepts nothing else, so none reaches the page unlabelled.

export const AUDIT_ACTION_LABELS = {
  "auth.sign_in": "Signed in",
  "auth.sign_in_failed": "Failed sign-in",
  "auth.sign_in_refused": "Sign-in refused (paused)",
  "auth.password_check_failed": "Wrong current password (changing password)",
  "auth.password_check_refused": "Password change refused (paused)",
  "user.created": "Added a person",
  "user.role_changed": "Changed a role",
  "user.disabled": "Disabled a person",
  "user.enabled": "Enabled a person",
  "user.password_reset": "Reset a password",
  "user.password_changed": "Changed own password",
  "user.deleted": "Deleted a person",
  "session.ended": "Ended a session",
  "session.ended_others": "Signed out everywhere else",
  "session.ended_all": "Ended every session of a person",
  "media.viewed": "Opened customer media",
  "media.archive_retried": "Retried archiving media",
  "contact.erased": "Erased a customer",
  "media.integrity_failed": "Archived media failed its integrity check (not served)",
  "conversation.resolved": "Resolved a conversation",
  "conversation.reopened": "Reopened a conversation",
  "conversation.assigned": "Assigned a conversation",
  "conversation.marked_unread": "Marked a conversation unread",
  "conversation.pending": "Set a conversation to pending",
  "conversation.snoozed": "Snoozed a conversation",
  "conversation.prioritised": "Changed a conversation's priority",
  "conversation.labelled": "Labelled a conversation",
  "conversation.unlabelled": "Removed a label from a conversation",
  "contact.renamed": "Renamed a customer",
  "label.saved": "Saved a label",
  "label.deleted": "Deleted a label",
  "reply.sent": "Sent a reply",
  "reply.retried": "Retried a failed reply",
  "note.added": "Wrote a private note",
  "canned_reply.saved": "Saved a canned reply",
  "canned_reply.deleted": "Deleted a canned reply",
  "template.saved": "Saved a WhatsApp template",
  "template.deleted": "Deleted a WhatsApp template",
  "inbox.saved": "Saved an inbox",
  "inbox.deleted": "Deleted an inbox",
  "team.saved": "Saved a team",
  "team.deleted": "Deleted a team",
  "team.membership_synced": "Teams set from the identity provider's groups",
} as const;

export type AuditAction = keyof typeof AUDIT_ACTION_LABELS;

export const AUDIT_ACTIONS = Object.keys(AUDIT_ACTION_LABELS) as AuditAction[];

/** The label for a stored action; a row written by an older CareDesk may hold a key no longer listed. */
export function auditActionLabel(action: string): string {
  return Object.hasOwn(AUDIT_ACTION_LABELS, action) ? AUDIT_ACTION_LABELS[action as AuditAction] : action;
}
