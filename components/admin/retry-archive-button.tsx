"use client";

import { useActionState } from "react";
import { retryArchiveAction } from "@/app/(signed-in)/admin/media/actions";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";

/** "Retry now" for one failed file, or "Retry all failed" without `mediaItemId`. */
export function RetryArchiveButton({ mediaItemId }: { mediaItemId?: string }) {
  const [state, action, isPending] = useActionState(retryArchiveAction, {});
  return (
    <form action={action} className="flex flex-col items-start gap-2">
      <input type="hidden" name="kind" value={mediaItemId ? "one" : "all"} />
      {mediaItemId ? <input type="hidden" name="mediaItemId" value={mediaItemId} /> : null}
      <Button type="submit" variant="secondary" disabled={isPending}>
        {mediaItemId ? "Retry now" : "Retry all failed"}
      </Button>
      <FormMessage state={state} />
    </form>
  );
}
