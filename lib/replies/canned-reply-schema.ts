import { z } from "zod";

const TEXT_MAX_LENGTH = 4096;

export const cannedReplySchema = z.object({
  // Agents type "/" and the shortcut, so an admin who types the "/" too means the same shortcut.
  shortcut: z
    .string()
    .trim()
    .toLowerCase()
    .transform((shortcut) => shortcut.replace(/^\//, ""))
    .pipe(z.string().regex(/^[a-z0-9_-]{1,32}$/, "A shortcut is 1 to 32 letters, digits, - or _, without spaces (like refund-policy).")),
  text: z
    .string()
    .trim()
    .min(1, "Write the text agents insert.")
    .max(TEXT_MAX_LENGTH, `A canned reply can have at most ${TEXT_MAX_LENGTH} characters.`),
});
export type CannedReplyInput = z.input<typeof cannedReplySchema>;
