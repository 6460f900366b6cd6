"use client";

// Bulk actions in the inbox: "Select" shows a checkbox on each row, and a bar that resolves, assigns
// or labels every selected conversation in one step (changeConversationsAction). The checkboxes
// belong to the bar's form through their `form` attribute, so the rows stay links.
import { useActionState, useState } from "react";
import { changeConversationsAction } from "@/app/(signed-in)/conversations/actions";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import type { ConversationLabelTag } from "@/lib/conversations/conversation-row";

const FORM_ID = "bulk-actions";
const SELECT_CLASS = "min-w-0 max-w-40 rounded-md border border-slate-300 bg-white px-2 py-1 text-sm";
const COMPACT = "px-2 py-1";

export type BulkOptions = { people: { id: string; name: string | null; email: string }[]; labels: ConversationLabelTag[] };

/** The selection and the bar's form state, kept together by the list that shows the rows. */
export function useBulkSelection() {
  const [isSelecting, setIsSelecting] = useState(false);
  const [selectedIds, setSelectedIds] = useState<ReadonlySet<string>>(new Set());
  const [state, action, isPending] = useActionState(changeConversationsAction, {});
  const [handledState, setHandledState] = useState(state);
  // Done: the selection is cleared for the next step (the outcome stays in view).
  if (state !== handledState) {
    setHandledState(state);
    if (state.message) setSelectedIds(new Set());
  }
  return {
    isSelecting,
    selectedIds,
    state,
    action,
    isPending,
    start: () => setIsSelecting(true),
    stop: () => {
      setIsSelecting(false);
      setSelectedIds(new Set());
    },
    toggle: (id: string, isSelected: boolean) =>
      setSelectedIds((current) => {
        const next = new Set(current);
        if (isSelected) next.add(id);
        else next.delete(id);
        return next;
      }),
    selectOnly: (ids: string[]) => setSelectedIds(new Set(ids)),
  };
}

export type BulkSelection = ReturnType<typeof useBulkSelection>;

/** A row's checkbox, while selecting. */
export function BulkCheckbox({ selection, conversationId, customer }: { selection: BulkSelection; conversationId: string; customer: string }) {
  return (
    <label className="flex shrink-0 cursor-pointer items-center pl-3">
      <input
        type="checkbox"
        form={FORM_ID}
        name="conversationIds"
        value={conversationId}
        checked={selection.selectedIds.has(conversationId)}
        onChange={(event) => selection.toggle(conversationId, event.target.checked)}
        className="h-4 w-4"
      />
      <span className="sr-only">Select {customer}</span>
    </label>
  );
}

/** "Select", and while selecting, the bar. `visibleIds`: the rows shown, in order. */
export function BulkActionsBar({ selection, visibleIds, options, currentUserId }: { selection: BulkSelection; visibleIds: string[]; options: BulkOptions; currentUserId: string }) {
  const count = visibleIds.filter((id) => selection.selectedIds.has(id)).length;
  const isNoneSelected = count === 0;
  const isAllSelected = count > 0 && count === visibleIds.length;
  return (
    <div className="border-b border-slate-200 bg-white">
      {selection.isSelecting ? null : (
        <div className="flex justify-end px-3 py-1">
          <button type="button" onClick={selection.start} className="rounded-md px-2 py-1 text-sm font-medium text-indigo-700 hover:bg-indigo-50">
            Select
          </button>
        </div>
      )}
      {/* Always in the page (hidden until selecting), so it posts without JavaScript too. */}
      <form id={FORM_ID} action={selection.action} aria-label="Bulk actions" hidden={!selection.isSelecting} className="flex flex-col gap-2 bg-indigo-50 px-3 py-2">
        <div className="flex items-center gap-2">
          <p role="status" className="text-sm font-medium text-slate-800">
            {count === 1 ? "1 selected" : `${count} selected`}
          </p>
          <button
            type="button"
            onClick={() => selection.selectOnly(isAllSelected ? [] : visibleIds)}
            className="rounded-md px-2 py-1 text-sm text-indigo-700 underline hover:no-underline"
          >
            {isAllSelected ? "Select none" : "Select all"}
          </button>
          <button type="button" onClick={selection.stop} className="ml-auto rounded-md px-2 py-1 text-sm font-medium text-slate-700 hover:bg-white">
            Done
          </button>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <Button type="submit" name="kind" value="resolve" disabled={isNoneSelected || selection.isPending} className={COMPACT}>
            Resolve
          </Button>
          <div className="flex min-w-0 items-center gap-1">
            <label htmlFor="bulk-assignee" className="sr-only">
              Assign the selected to
            </label>
            <select id="bulk-assignee" name="assigneeId" defaultValue={currentUserId} className={SELECT_CLASS}>
              {options.people.map((person) => (
                <option key={person.id} value={person.id}>
                  {person.id === currentUserId ? "Me" : (person.name ?? person.email)}
                </option>
              ))}
              <option value="">Nobody (unassign)</option>
            </select>
            <Button type="submit" name="kind" value="assign" variant="secondary" disabled={isNoneSelected || selection.isPending} className={COMPACT}>
              Assign
            </Button>
          </div>
          {options.labels.length > 0 ? (
            <div className="flex min-w-0 items-center gap-1">
              <label htmlFor="bulk-label" className="sr-only">
                Label to add to the selected
              </label>
              <select id="bulk-label" name="labelId" defaultValue={options.labels[0]!.id} className={SELECT_CLASS}>
                {options.labels.map((label) => (
                  <option key={label.id} value={label.id}>
                    {label.name}
                  </option>
                ))}
              </select>
              <Button type="submit" name="kind" value="label" variant="secondary" disabled={isNoneSelected || selection.isPending} className={COMPACT}>
                Add label
              </Button>
            </div>
          ) : null}
        </div>
        <FormMessage state={selection.state} />
      </form>
    </div>
  );
}
