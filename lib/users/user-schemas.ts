import { z } from "zod";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "../auth/password";

export const roleSchema = z.enum(["admin", "agent"], { message: "Choose admin or agent." });
export const emailSchema = z.string().trim().toLowerCase().pipe(z.email({ message: "Enter a valid email address." }));
export const passwordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `Passwords need at least ${PASSWORD_MIN_LENGTH} characters.`)
  .max(PASSWORD_MAX_LENGTH, `Passwords can have at most ${PASSWORD_MAX_LENGTH} characters.`);

export const newUserSchema = z.object({
  email: emailSchema,
  name: z.string().trim().max(120).optional().transform((name) => name || undefined),
  role: roleSchema,
  password: passwordSchema,
});
export type NewUser = z.input<typeof newUserSchema>;
