// One line of a conversation's activity ("Sam assigned it to Priya", "snoozed until Monday 09:00"),
// written in the transaction of the change it records. Names are copied in, so a line still reads
// the same after the label or person is gone. Never customer content.
import "server-only";
import type { Prisma } from "../generated/sqlite/client";

export const ACTIVITY_KINDS = ["assigned", "unassigned", "resolved", "reopened", "pending", "snoozed", "woke", "prioritised", "labelled", "unlabelled", "renamed"] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

export type ActivityInput = { conversationId: string; actorId: string | null; kind: ActivityKind; detail: Record<string, string | null> };

export async function recordConversationActivity(tx: Prisma.TransactionClient, activity: ActivityInput): Promise<void> {
  await tx.conversationActivity.create({ data: { ...activity, detail: activity.detail } });
}
