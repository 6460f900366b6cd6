"use client";

import { useEffect } from "react";
import { markReadAction } from "@/app/(signed-in)/conversations/[conversationId]/actions";

/** Opening a thread reads it: once per visit, so "Mark unread" sticks until the next visit. */
export function MarkRead({ conversationId, isUnread }: { conversationId: string; isUnread: boolean }) {
  useEffect(() => {
    if (isUnread) void markReadAction(conversationId);
    // Only on arrival: a later "mark unread" must not be undone by a re-render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [conversationId]);
  return null;
}
