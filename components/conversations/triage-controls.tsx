"use client";

// The thread's triage controls, beside the assignment: pending or open again, snooze, priority and
// labels. Each posts one change (lib/conversations/conversation-change.ts) through the actions'
// shared form state, so its outcome shows where every action's does.
import { Button } from "@/components/ui/button";
import { PRIORITIES, type Priority } from "@/lib/conversations/priorities";
import type { ConversationLabelTag } from "@/lib/conversations/conversation-row";
import { labelColorClasses } from "@/lib/conversations/label-colors";
import { parseLocalDateTime, SNOOZE_PRESETS, snoozeUntil, type SnoozePreset } from "@/lib/conversations/snooze-presets";
import { ActionMenu } from "./action-menu";
import { SnoozeTime } from "./activity-line";
import { LabelChip } from "./conversation-tags";

type Props = {
  conversationId: string;
  status: string;
  snoozedUntil: string | null;
  priority: string;
  labels: ConversationLabelTag[];
  /** Every label an admin made, to put on or take off. */
  availableLabels: ConversationLabelTag[];
  action: (formData: FormData) => void;
  isPending: boolean;
};

const COMPACT = "max-sm:px-2 max-sm:py-1";
const MENU_ITEM = "flex w-full items-center gap-2 rounded px-2 py-1.5 text-left text-sm hover:bg-slate-100 disabled:text-slate-400";
const PRIORITY_WORDS: Record<Priority, string> = { none: "None", low: "Low", medium: "Medium", high: "High", urgent: "Urgent" };

export function TriageControls({ conversationId, status, snoozedUntil, priority, labels, availableLabels, action, isPending }: Props) {
  const hidden = (kind: string) => (
    <>
      <input type="hidden" name="conversationId" value={conversationId} />
      <input type="hidden" name="kind" value={kind} />
    </>
  );
  const isWaiting = status === "pending" || status === "snoozed";
  return (
    // One row that wraps, also inside "More" at phone width (which stacks its items).
    <div className="flex flex-wrap items-center gap-2">
      {isWaiting ? (
        <form action={action}>
          {hidden("reopen")}
          <Button type="submit" variant="secondary" disabled={isPending} className={COMPACT}>
            Reopen
          </Button>
        </form>
      ) : (
        <form action={action}>
          {hidden("pending")}
          <Button type="submit" variant="secondary" disabled={isPending} className={COMPACT} title="Waiting on the customer: their next message opens it again">
            Pending
          </Button>
        </form>
      )}
      <SnoozeMenu conversationId={conversationId} snoozedUntil={status === "snoozed" ? snoozedUntil : null} action={action} isPending={isPending} />
      <ActionMenu label="Priority" summary={priority === "none" ? "Priority" : `Priority: ${priority}`}>
        {PRIORITIES.map((choice) => (
          <form key={choice} action={action}>
            {hidden("priority")}
            <input type="hidden" name="priority" value={choice} />
            <button type="submit" aria-pressed={choice === priority} disabled={isPending} className={`${MENU_ITEM} aria-pressed:font-semibold`}>
              <span aria-hidden="true" className="w-4">
                {choice === priority ? "✓" : ""}
              </span>
              {PRIORITY_WORDS[choice]}
            </button>
          </form>
        ))}
      </ActionMenu>
      <ActionMenu label="Labels">
        {availableLabels.length === 0 ? <p className="px-2 py-1 text-sm text-slate-600">No labels yet: an admin adds them under Labels.</p> : null}
        {availableLabels.map((label) => {
          const hasLabel = labels.some((current) => current.id === label.id);
          return (
            <form key={label.id} action={action}>
              {hidden(hasLabel ? "unlabel" : "label")}
              <input type="hidden" name="labelId" value={label.id} />
              <button type="submit" aria-pressed={hasLabel} disabled={isPending} className={MENU_ITEM}>
                <span aria-hidden="true" className="w-4">
                  {hasLabel ? "✓" : ""}
                </span>
                <span className={`truncate rounded-full px-2 py-0.5 text-xs font-medium ${labelColorClasses(label.color)}`}>{label.name}</span>
              </button>
            </form>
          );
        })}
      </ActionMenu>
      {labels.length > 0 ? (
        <ul aria-label="Labels on this conversation" className="flex flex-wrap items-center gap-1">
          {labels.map((label) => (
            <li key={label.id}>
              <LabelChip label={label} />
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/**
 * Until when: a preset or a date and time of the agent's choosing, both turned into an instant here
 * in the browser, which knows the agent's time zone (the server runs in UTC). The form posts to the
 * server action itself (so it is a real form), with the instant put in its `until` field as it is
 * submitted; React reads the fields after the submit handlers ran.
 */
function SnoozeMenu({ conversationId, snoozedUntil, action, isPending }: { conversationId: string; snoozedUntil: string | null; action: (formData: FormData) => void; isPending: boolean }) {
  const fillInUntil = (event: React.FormEvent<HTMLFormElement>) => {
    const form = event.currentTarget;
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    const preset = submitter?.value ?? "";
    const custom = form.elements.namedItem("custom") as HTMLInputElement;
    const until = preset === "custom" ? parseLocalDateTime(custom.value) : SNOOZE_PRESETS.some((choice) => choice.id === preset) ? snoozeUntil(preset as SnoozePreset, new Date()) : null;
    // No time: the server says what to do.
    (form.elements.namedItem("until") as HTMLInputElement).value = until ? until.toISOString() : "";
  };
  const customId = `snooze-custom-${conversationId}`;
  return (
    <div className="flex items-center gap-2">
      <ActionMenu label="Snooze" summary={snoozedUntil ? "Snoozed" : "Snooze"}>
        <form action={action} onSubmit={fillInUntil} className="flex flex-col gap-1">
          <input type="hidden" name="conversationId" value={conversationId} />
          <input type="hidden" name="kind" value="snooze" />
          <input type="hidden" name="until" defaultValue="" />
          {SNOOZE_PRESETS.map((preset) => (
            // The custom time is required only of its own button.
            <button key={preset.id} type="submit" name="preset" value={preset.id} formNoValidate disabled={isPending} className={MENU_ITEM}>
              {preset.label}
            </button>
          ))}
          <div className="mt-1 flex flex-col gap-1 border-t border-slate-100 px-2 pt-2">
            <label htmlFor={customId} className="text-xs font-medium text-slate-700">
              Until a date and time
            </label>
            <input id={customId} name="custom" type="datetime-local" step={1} required className="rounded-md border border-slate-300 px-2 py-1 text-sm" />
            <Button type="submit" name="preset" value="custom" variant="secondary" disabled={isPending}>
              Snooze until then
            </Button>
          </div>
        </form>
      </ActionMenu>
      {snoozedUntil ? (
        <span className="text-sm text-slate-600">
          until <SnoozeTime until={snoozedUntil} />
        </span>
      ) : null}
    </div>
  );
}
