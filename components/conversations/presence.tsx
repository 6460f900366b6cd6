"use client";

// Who else is on this thread ("Sam is viewing", "Sam is typing a reply"), so two people do not
// answer the same customer; never oneself (the server leaves the person out). This tab reports its
// person: viewing when the thread opens and every few seconds while it is visible, typing (at most
// every few seconds) while the reply box changes, and left when the thread closes. Who is there
// comes from each report's answer and from the live stream's presence events.
import { useCallback, useEffect, useRef, useState } from "react";
import { describePresence } from "@/lib/presence/describe-presence";
import type { PresencePerson, PresenceReport } from "@/lib/presence/presence-snapshot";
import { usePresenceEvents } from "./live-updates";

/** Well inside the server's 30 s: one lost report does not make the person vanish. */
const HEARTBEAT_MS = 12_000;
/** Well inside the server's 6 s for typing, so a person typing on shows as typing throughout. */
const TYPING_REPORT_EVERY_MS = 2_500;

export function usePresence(conversationId: string): { people: PresencePerson[]; reportTyping: () => void } {
  const [presence, setPresence] = useState<{ conversationId: string; people: PresencePerson[] }>({ conversationId, people: [] });
  const lastTypingReportAt = useRef(0);

  const report = useCallback(
    async (state: PresenceReport) => {
      try {
        const response = await fetch(`/api/conversations/${conversationId}/presence`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ state }),
          cache: "no-store",
          // "left" is often sent as the page goes away: the browser still delivers it.
          keepalive: state === "left",
        });
        if (!response.ok || state === "left") return;
        const { people } = (await response.json()) as { people: PresencePerson[] };
        setPresence({ conversationId, people });
      } catch {
        // Offline or going away: the next report tries again, and the server forgets a silent tab.
      }
    },
    [conversationId],
  );

  useEffect(() => {
    const viewing = () => {
      if (!document.hidden) void report("viewing");
    };
    const left = () => void report("left");
    // Back from the browser's back-forward cache, after a "left".
    const shown = (event: PageTransitionEvent) => event.persisted && viewing();
    viewing();
    // A hidden tab stops reporting: its person is gone for others once the server's time runs out.
    const heartbeat = setInterval(viewing, HEARTBEAT_MS);
    document.addEventListener("visibilitychange", viewing);
    window.addEventListener("pagehide", left);
    window.addEventListener("pageshow", shown);
    return () => {
      clearInterval(heartbeat);
      document.removeEventListener("visibilitychange", viewing);
      window.removeEventListener("pagehide", left);
      window.removeEventListener("pageshow", shown);
      left();
    };
  }, [report]);

  usePresenceEvents((snapshot) => {
    if (snapshot.conversationId === conversationId) setPresence(snapshot);
  });

  const reportTyping = useCallback(() => {
    const now = Date.now();
    if (now - lastTypingReportAt.current < TYPING_REPORT_EVERY_MS) return;
    lastTypingReportAt.current = now;
    void report("typing");
  }, [report]);

  return { people: presence.conversationId === conversationId ? presence.people : [], reportTyping };
}

/** One short line above the reply box; a status region, so screen readers hear who came or typed. */
export function PresenceLine({ people }: { people: PresencePerson[] }) {
  const line = describePresence(people);
  const isTyping = people.some((person) => person.state === "typing");
  return (
    <div role="status" data-testid="presence" className={line ? "flex shrink-0 items-center gap-2 border-t border-slate-200 bg-white px-3 py-1 text-xs text-slate-600" : "shrink-0"}>
      {line ? (
        <>
          <span aria-hidden="true" className={`h-2 w-2 shrink-0 rounded-full ${isTyping ? "bg-amber-500 motion-safe:animate-pulse" : "bg-emerald-500"}`} />
          <span className="min-w-0 truncate" title={line}>
            {line}
          </span>
        </>
      ) : null}
    </div>
  );
}
