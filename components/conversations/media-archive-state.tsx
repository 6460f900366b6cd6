// One short line under each customer file: whether CareDesk keeps its own copy, and if not, why
// not and until when Vonage still has it (48 hours after the message arrived).
import { LocalTime } from "@/components/ui/local-time";
import type { ThreadMedia } from "@/lib/conversations/thread-message";

const TONES = {
  kept: "text-emerald-700",
  waiting: "text-slate-600",
  warning: "text-amber-800",
} as const;

function describe(media: ThreadMedia): { tone: keyof typeof TONES; text: React.ReactNode } {
  const until = media.availableUntil ? <LocalTime date={media.availableUntil} /> : "48 hours after it arrived";
  switch (media.archiveState) {
    case "archived":
      return { tone: "kept", text: "Kept in CareDesk" };
    case "pending":
      return { tone: "waiting", text: "Saving a copy…" };
    case "failed":
      return { tone: "warning", text: `Could not keep a copy yet: ${media.archiveError ?? "the last attempt failed"}; retrying` };
    case "gone":
      return { tone: "warning", text: "Vonage no longer has this file" };
    case "too_large":
      return { tone: "warning", text: <>Too large to keep; available from Vonage until {until}</> };
    case "deleted":
      return {
        tone: "waiting",
        text: media.retentionDays === null ? "Deleted under the retention policy" : `Deleted after ${media.retentionDays} days under the retention policy`,
      };
    case "not_archived":
      return { tone: "warning", text: <>Not kept: archiving is off; available from Vonage until {until}</> };
  }
}

export function MediaArchiveState({ media }: { media: ThreadMedia }) {
  const { tone, text } = describe(media);
  return (
    <p data-testid="media-archive-state" data-state={media.archiveState} className={`text-xs ${TONES[tone]}`}>
      {text}
    </p>
  );
}
