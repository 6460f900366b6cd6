"use client";

import { useActionState } from "react";
import { retryReplyAction } from "@/app/(signed-in)/conversations/[conversationId]/reply-actions";
import { FormMessage } from "@/components/ui/form-message";

/** One click sends a failed reply again (the same reply: once, however many tabs click). */
export function RetryReply({ messageId }: { messageId: string }) {
  const [state, action, isPending] = useActionState(retryReplyAction, {});
  return (
    <form action={action} className="mt-1 flex items-center justify-end gap-2">
      <input type="hidden" name="messageId" value={messageId} />
      {state.error ? <FormMessage state={state} /> : null}
      <button type="submit" disabled={isPending} className="rounded bg-white px-2 py-0.5 text-xs font-medium text-indigo-700 hover:bg-indigo-50 disabled:opacity-60">
        Retry
      </button>
    </form>
  );
}
