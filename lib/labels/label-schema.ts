import { z } from "zod";
import { LABEL_COLOR_NAMES } from "../conversations/label-colors";
import { LABEL_NAME_MAX_LENGTH } from "./label-limits";

export const labelSchema = z.object({
  name: z
    .string()
    .trim()
    // One space between words: "Refund  request" and "Refund request" are the same label to a reader.
    .transform((name) => name.replace(/\s+/g, " "))
    .pipe(z.string().min(1, "Give the label a name.").max(LABEL_NAME_MAX_LENGTH, `Keep the name to ${LABEL_NAME_MAX_LENGTH} characters.`)),
  color: z.enum(LABEL_COLOR_NAMES, { error: "Choose one of the colours offered." }),
});

/** What a form sends: checked by labelSchema in saveLabel. */
export type LabelInput = { name: string; color: string };
