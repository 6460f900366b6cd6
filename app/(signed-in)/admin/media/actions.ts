"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireAdmin } from "@/lib/auth/current-user";
import { idSchema } from "@/lib/db/id-schema";
import { formStateFromError, type FormState } from "@/lib/http/form-state";
import { retryFailedArchives } from "@/lib/media-archive/retry-failed-archives";

const retrySchema = z.discriminatedUnion("kind", [z.object({ kind: z.literal("one"), mediaItemId: idSchema }), z.object({ kind: z.literal("all") })]);

export async function retryArchiveAction(_: FormState, formData: FormData): Promise<FormState> {
  try {
    const admin = await requireAdmin();
    const input = retrySchema.parse(Object.fromEntries(formData));
    const count = await retryFailedArchives(admin, input.kind === "one" ? { mediaItemId: input.mediaItemId } : { all: true });
    revalidatePath("/admin/media");
    return { message: count === 1 ? "Queued: the archiver copies it on its next round." : `${count} files queued: the archiver copies them on its next rounds.` };
  } catch (error) {
    return formStateFromError(error);
  }
}
