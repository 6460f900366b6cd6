"use server";

import { z } from "zod";
import { requireAdmin } from "@/lib/auth/current-user";
import { eraseContact } from "@/lib/contacts/erase-contact";
import { idSchema } from "@/lib/db/id-schema";
import { formStateFromError, type FormState } from "@/lib/http/form-state";

const eraseSchema = z.object({
  contactId: idSchema,
  confirmAddress: z.string().trim().min(1, "Type the customer's number (or address) to confirm.").max(200),
});

export type EraseState = FormState & { isErased?: boolean };

/**
 * Admins only: agents are answered 403 (requireAdmin), and eraseContact checks the role again.
 * The dialog then loads the inbox afresh (neither a redirect nor a revalidation here): the tab's
 * live-update history still holds the customer's row, and would put it back in a client-side list.
 */
export async function eraseCustomerAction(_: EraseState, formData: FormData): Promise<EraseState> {
  try {
    const admin = await requireAdmin();
    const input = eraseSchema.parse(Object.fromEntries(formData));
    await eraseContact(admin, input.contactId, { confirmAddress: input.confirmAddress });
    return { message: "The customer was erased.", isErased: true };
  } catch (error) {
    return formStateFromError(error);
  }
}
