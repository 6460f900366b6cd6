"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { requireAdmin } from "@/lib/auth/current-user";
import { eraseContact } from "@/lib/contacts/erase-contact";
import { idSchema } from "@/lib/db/id-schema";
import { formStateFromError, type FormState } from "@/lib/http/form-state";

const eraseSchema = z.object({
  contactId: idSchema,
  confirmAddress: z.string().trim().min(1, "Type the customer's number (or address) to confirm.").max(200),
});

/** Admins only: agents get the 403 page (requireAdmin), and eraseContact checks the role again. */
export async function eraseCustomerAction(_: FormState, formData: FormData): Promise<FormState> {
  try {
    const admin = await requireAdmin();
    const input = eraseSchema.parse(Object.fromEntries(formData));
    await eraseContact(admin, input.contactId, { confirmAddress: input.confirmAddress });
  } catch (error) {
    return formStateFromError(error);
  }
  revalidatePath("/conversations", "layout");
  redirect("/conversations?notice=customer-erased");
}
