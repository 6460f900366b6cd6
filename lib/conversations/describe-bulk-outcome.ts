// What a bulk action did, in one sentence for the agent who did it: "Resolved 3 conversations.
// 1 is out of your reach (gone, or no longer yours to see)."
import type { ConversationChange } from "./conversation-change";
import type { BulkOutcome } from "./update-conversations";

const DONE: Record<ConversationChange["kind"], string> = {
  resolve: "Resolved",
  reopen: "Reopened",
  pending: "Set to pending",
  snooze: "Snoozed",
  assign: "Assigned",
  priority: "Set the priority of",
  label: "Labelled",
  unlabel: "Took the label off",
  mark_unread: "Marked unread",
};

const conversations = (count: number) => (count === 1 ? "1 conversation" : `${count} conversations`);

export function describeBulkOutcome(kind: ConversationChange["kind"], outcome: BulkOutcome): string {
  const sentences: string[] = [];
  if (outcome.changed > 0 || (outcome.outOfReach === 0 && outcome.failed === 0)) {
    sentences.push(`${DONE[kind]} ${conversations(outcome.changed)}.`);
  }
  if (outcome.outOfReach > 0) {
    sentences.push(`${outcome.outOfReach === 1 ? "1 was" : `${outcome.outOfReach} were`} out of your reach (gone, or no longer yours to see).`);
  }
  if (outcome.failed > 0) {
    sentences.push(`${outcome.failed} could not be changed${outcome.failure ? `: ${outcome.failure}` : ". Try again."}`);
  }
  return sentences.join(" ");
}
