"use client";

import { useActionState } from "react";
import { changeConversationAction } from "@/app/(signed-in)/conversations/[conversationId]/actions";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";

type Props = {
  conversationId: string;
  status: string;
  assigneeId: string | null;
  currentUserId: string;
  people: { id: string; name: string | null; email: string }[];
};

export function ConversationActions({ conversationId, status, assigneeId, currentUserId, people }: Props) {
  const [state, action, isPending] = useActionState(changeConversationAction, {});
  return (
    <div className="flex flex-col gap-2">
      <div className="flex flex-wrap items-center gap-2">
        <form action={action}>
          <input type="hidden" name="conversationId" value={conversationId} />
          <input type="hidden" name="kind" value={status === "resolved" ? "reopen" : "resolve"} />
          <Button type="submit" variant={status === "resolved" ? "secondary" : "primary"} disabled={isPending}>
            {status === "resolved" ? "Reopen" : "Resolve"}
          </Button>
        </form>
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
        {assigneeId !== currentUserId ? (
          <form action={action}>
            <input type="hidden" name="conversationId" value={conversationId} />
            <input type="hidden" name="kind" value="assign" />
            <input type="hidden" name="assigneeId" value={currentUserId} />
            <Button type="submit" variant="secondary" disabled={isPending}>
              Assign to me
            </Button>
          </form>
        ) : null}
        <form action={action}>
          <input type="hidden" name="conversationId" value={conversationId} />
          <input type="hidden" name="kind" value="mark_unread" />
          <Button type="submit" variant="ghost" disabled={isPending}>
            Mark unread
          </Button>
        </form>
      </div>
      <FormMessage state={state} />
    </div>
  );
}
