"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireAdmin } from "@/lib/auth/current-user";
import { idSchema } from "@/lib/db/id-schema";
import { formStateFromError, type FormState } from "@/lib/http/form-state";
import { deleteTeam } from "@/lib/teams/delete-team";
import { saveTeam } from "@/lib/teams/save-team";

export async function saveTeamAction(_: FormState, formData: FormData): Promise<FormState> {
  try {
    const admin = await requireAdmin();
    const teamId = idSchema.optional().parse(formData.get("teamId") ?? undefined);
    const saved = await saveTeam(admin, {
      id: teamId,
      name: z.string().parse(formData.get("name")),
      memberIds: formData.getAll("memberIds").map(String),
      inboxIds: formData.getAll("inboxIds").map(String),
    });
    revalidatePath("/admin/teams");
    return { message: teamId ? `Saved “${saved.name}”.` : `Added “${saved.name}”.` };
  } catch (error) {
    return formStateFromError(error);
  }
}

export async function deleteTeamAction(_: FormState, formData: FormData): Promise<FormState> {
  try {
    const admin = await requireAdmin();
    const deleted = await deleteTeam(admin, idSchema.parse(formData.get("teamId")));
    revalidatePath("/admin/teams");
    return { message: `Deleted “${deleted.name}”.` };
  } catch (error) {
    return formStateFromError(error);
  }
}
