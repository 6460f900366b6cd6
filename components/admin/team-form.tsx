"use client";

import { useActionState } from "react";
import { saveTeamAction } from "@/app/(signed-in)/admin/teams/actions";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";

type Option = { id: string; label: string };

/** Adds a team, or with `team` edits its name, people and inboxes. */
export function TeamForm({ team, people, inboxes }: { team?: { id: string; name: string; memberIds: string[]; inboxIds: string[] }; people: Option[]; inboxes: Option[] }) {
  const [state, action, isPending] = useActionState(saveTeamAction, {});
  const prefix = team ? `team-${team.id}` : "new-team";
  return (
    <form
      action={action}
      aria-label={team ? `Edit ${team.name}` : "Add a team"}
      className={team ? "mt-2 flex min-w-80 flex-col gap-3" : "flex flex-col gap-4 rounded-xl border border-slate-200 bg-white p-5 shadow-sm"}
    >
      {team ? <input type="hidden" name="teamId" value={team.id} /> : <h2 className="text-lg font-semibold">Add a team</h2>}
      <FormMessage state={state} />
      <Field id={`${prefix}-name`} name="name" label="Name" defaultValue={team?.name} required error={state.fieldErrors?.name} />
      <div className="flex flex-wrap gap-8">
        <Checkboxes legend="People" name="memberIds" options={people} checked={team?.memberIds ?? []} />
        <Checkboxes legend="Inboxes they handle" name="inboxIds" options={inboxes} checked={team?.inboxIds ?? []} />
      </div>
      <div>
        <Button type="submit" variant={team ? "secondary" : "primary"} disabled={isPending}>
          {isPending ? "Saving…" : team ? "Save" : "Add team"}
        </Button>
      </div>
    </form>
  );
}

function Checkboxes({ legend, name, options, checked }: { legend: string; name: string; options: Option[]; checked: string[] }) {
  return (
    <fieldset className="flex flex-col gap-1 text-sm">
      <legend className="mb-1 font-medium">{legend}</legend>
      {options.length === 0 ? <span className="text-slate-500">None yet.</span> : null}
      {options.map((option) => (
        <label key={option.id} className="flex items-center gap-2">
          <input type="checkbox" name={name} value={option.id} defaultChecked={checked.includes(option.id)} />
          {option.label}
        </label>
      ))}
    </fieldset>
  );
}
