import type { ConversationLabelTag } from "@/lib/conversations/conversation-row";
import { labelColorClasses } from "@/lib/conversations/label-colors";

const PRIORITY_CLASSES: Record<string, string> = {
  low: "bg-slate-100 text-slate-700",
  medium: "bg-sky-100 text-sky-900",
  high: "bg-orange-100 text-orange-900",
  urgent: "bg-red-600 text-white",
};

/** A conversation's label, in its colour. */
export function LabelChip({ label }: { label: ConversationLabelTag }) {
  return (
    <span data-testid="label-chip" className={`inline-flex max-w-40 items-center truncate rounded-full px-2 py-0.5 text-xs font-medium ${labelColorClasses(label.color)}`}>
      {label.name}
    </span>
  );
}

/** A priority other than none, in words (the colour only repeats them). */
export function PriorityBadge({ priority }: { priority: string }) {
  return (
    <span data-testid="priority-badge" className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ${PRIORITY_CLASSES[priority] ?? PRIORITY_CLASSES.low}`}>
      {priority} priority
    </span>
  );
}
