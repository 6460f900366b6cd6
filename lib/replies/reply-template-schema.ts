// A WhatsApp template as Meta approved it: Vonage sends its name and locale, and the composer asks
// the agent for one value per {{n}} placeholder, under the label the admin gave it here.
import { z } from "zod";

const PLACEHOLDER = /\{\{(\d+)\}\}/g;
const LABEL_MAX_LENGTH = 100;

/** The numbers of a body's {{n}} placeholders, each once, smallest first. */
export function placeholderNumbers(body: string): number[] {
  const numbers = new Set([...body.matchAll(PLACEHOLDER)].map((match) => Number(match[1])));
  return [...numbers].sort((a, b) => a - b);
}

/** The form's labels: one per line; blank lines are left out. */
export function labelsFromLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
}

export const replyTemplateSchema = z
  .object({
    name: z
      .string()
      .trim()
      .regex(/^[a-z0-9_:]{1,512}$/, "Enter the name exactly as approved: lowercase letters, digits and _ (Vonage also takes namespace:name)."),
    locale: z
      .string()
      .trim()
      .regex(/^[a-z]{2,3}(_[A-Z]{2})?$/, "Enter the language as approved, like en, en_US or pt_BR."),
    body: z.string().trim().min(1, "Paste the approved body.").max(1024, "A template body can have at most 1024 characters."),
    parameters: z.array(
      z.string().trim().min(1, "Every placeholder needs a label.").max(LABEL_MAX_LENGTH, `A label can have at most ${LABEL_MAX_LENGTH} characters.`),
    ),
  })
  .superRefine((template, context) => {
    const numbers = placeholderNumbers(template.body);
    if (numbers[0] === 0) {
      context.addIssue({ code: "custom", path: ["body"], message: "Placeholders count from {{1}}: the body has {{0}}." });
      return;
    }
    const skipped = numbers.findIndex((number, index) => number !== index + 1);
    if (skipped !== -1) {
      context.addIssue({ code: "custom", path: ["body"], message: `The placeholders skip {{${skipped + 1}}}: they must run {{1}}, {{2}}, … without gaps.` });
      return;
    }
    const highest = numbers.at(-1) ?? 0;
    if (template.parameters.length !== highest) {
      context.addIssue({
        code: "custom",
        path: ["parameters"],
        message:
          highest === 0
            ? `The body has no placeholders, so it takes no labels; you gave ${template.parameters.length}.`
            : `The body's placeholders go up to {{${highest}}}, so it needs ${highest} label${highest === 1 ? "" : "s"}, one per line; you gave ${template.parameters.length}.`,
      });
    }
  });
export type ReplyTemplateInput = z.input<typeof replyTemplateSchema>;
