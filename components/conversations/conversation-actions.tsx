"use client";

import { useActionState, useState } from "react";
import { changeConversationAction } from "@/app/(signed-in)/conversations/[conversationId]/actions";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import type { ConversationLabelTag } from "@/lib/conversations/conversation-row";
import { TriageControls } from "./triage-controls";

type Props = {
  conversationId: string;
  status: string;
  assigneeId: string | null;
  currentUserId: string;
  people: { id: string; name: string | null; email: string }[];
  /** Pending, snooze, priority and labels (triage-controls.tsx). */
  triage: { snoozedUntil: string | null; priority: string; labels: ConversationLabelTag[]; availableLabels: ConversationLabelTag[] };
  /** Shown after the assignment; behind "More" at phone width, with it. */
  children?: React.ReactNode;
};

// Smaller buttons at phone width, so the main actions fit on one line.
const COMPACT = "max-sm:px-2 max-sm:py-1";

export function ConversationActions({ conversationId, status, assigneeId, currentUserId, people, triage, children }: Props) {
  const [state, action, isPending] = useActionState(changeConversationAction, {});
  const [isMoreOpen, setIsMoreOpen] = useState(false);
  return (
    <div className="flex flex-col gap-2">
      <div className="flex flex-wrap items-center gap-2">
        <form action={action}>
          <input type="hidden" name="conversationId" value={conversationId} />
          <input type="hidden" name="kind" value={status === "resolved" ? "reopen" : "resolve"} />
          <Button type="submit" variant={status === "resolved" ? "secondary" : "primary"} disabled={isPending} className={COMPACT} data-shortcut-target={status === "resolved" ? undefined : "resolve"}>
            {status === "resolved" ? "Reopen" : "Resolve"}
          </Button>
        </form>
        {assigneeId !== currentUserId ? (
          <form action={action}>
            <input type="hidden" name="conversationId" value={conversationId} />
            <input type="hidden" name="kind" value="assign" />
            <input type="hidden" name="assigneeId" value={currentUserId} />
            <Button type="submit" variant="secondary" disabled={isPending} className={COMPACT}>
              Assign to me
            </Button>
          </form>
        ) : null}
        <form action={action}>
          <input type="hidden" name="conversationId" value={conversationId} />
          <input type="hidden" name="kind" value="mark_unread" />
          <Button type="submit" variant="ghost" disabled={isPending} className={COMPACT}>
            Mark unread
          </Button>
        </form>
        <Button
          type="button"
          variant="secondary"
          aria-expanded={isMoreOpen}
          aria-controls="conversation-more"
          onClick={() => setIsMoreOpen(!isMoreOpen)}
          className={`${COMPACT} sm:hidden`}
        >
          More
        </Button>
        <div id="conversation-more" className={`${isMoreOpen ? "flex" : "hidden"} w-full flex-col items-start gap-2 sm:flex sm:w-auto sm:flex-row sm:flex-wrap sm:items-center`}>
          <TriageControls conversationId={conversationId} status={status} {...triage} action={action} isPending={isPending} />
          <form action={action} className="flex items-center gap-1">
            <input type="hidden" name="conversationId" value={conversationId} />
            <input type="hidden" name="kind" value="assign" />
            <label htmlFor="assignee" className="sr-only">
              Assign to
            </label>
            <select id="assignee" name="assigneeId" defaultValue={assigneeId ?? ""} key={assigneeId ?? "none"} className="rounded-md border border-slate-300 bg-white px-2 py-2 text-sm">
              <option value="">Unassigned</option>
              {people.map((person) => (
                <option key={person.id} value={person.id}>
                  {person.id === currentUserId ? "Me" : (person.name ?? person.email)}
                </option>
              ))}
            </select>
            <Button type="submit" variant="secondary" disabled={isPending}>
              Assign
            </Button>
          </form>
          {children}
        </div>
      </div>
      <FormMessage state={state} />
    </div>
  );
}
