import { z } from "zod";
import { findPasswordWeakness } from "../auth/find-password-weakness";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "../auth/password";

export const roleSchema = z.enum(["admin", "agent"], { message: "Choose admin or agent." });
const emailSchema = z.string().trim().toLowerCase().pipe(z.email({ message: "Enter a valid email address." }));
export const passwordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `Passwords need at least ${PASSWORD_MIN_LENGTH} characters.`)
  .max(PASSWORD_MAX_LENGTH, `Passwords can have at most ${PASSWORD_MAX_LENGTH} characters.`);

/** A password chosen for the account `email`: long enough, and not easy to guess. */
export function newPasswordSchemaFor(email: string) {
  return passwordSchema.superRefine((password, context) => {
    const weakness = findPasswordWeakness(password, email);
    if (weakness) context.addIssue({ code: "custom", message: weakness });
  });
}

export const newUserSchema = z
  .object({
    email: emailSchema,
    name: z.string().trim().max(120).optional().transform((name) => name || undefined),
    role: roleSchema,
    // Empty for people who sign in only with single sign-on (create-user.ts checks it is set up).
    password: passwordSchema.optional().or(z.literal("").transform(() => undefined)),
  })
  .superRefine((user, context) => {
    if (user.password === undefined) return;
    const weakness = findPasswordWeakness(user.password, user.email);
    if (weakness) context.addIssue({ code: "custom", path: ["password"], message: weakness });
  });
export type NewUser = z.input<typeof newUserSchema>;
