// What agents do to a conversation, as data: the thread's buttons, bulk actions and keyboard
// shortcuts all send one of these, and update-conversation.ts carries it out.
import { z } from "zod";
import { idSchema } from "../db/id-schema";
import { PRIORITIES } from "./priorities";

export { PRIORITIES, type Priority } from "./priorities";

/** The longest snooze: a conversation is not parked for longer than a year. */
const MAX_SNOOZE_MS = 366 * 24 * 60 * 60_000;

export const conversationChangeSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("resolve") }),
  z.object({ kind: z.literal("reopen") }),
  /** Waiting on the customer: their next message opens it again. */
  z.object({ kind: z.literal("pending") }),
  z.object({
    kind: z.literal("snooze"),
    until: z.coerce
      .date({ error: "Choose when the conversation should come back." })
      .refine((until) => until.getTime() > Date.now(), "Choose a time in the future.")
      .refine((until) => until.getTime() < Date.now() + MAX_SNOOZE_MS, "Snooze for at most a year."),
  }),
  z.object({ kind: z.literal("assign"), assigneeId: idSchema.or(z.literal("")).nullable().transform((value) => value || null) }),
  z.object({ kind: z.literal("priority"), priority: z.enum(PRIORITIES, { error: "Choose a priority." }) }),
  z.object({ kind: z.literal("label"), labelId: idSchema }),
  z.object({ kind: z.literal("unlabel"), labelId: idSchema }),
  z.object({ kind: z.literal("mark_unread") }),
], { error: "Choose what to do: that action is not one CareDesk knows." });

export type ConversationChange = z.infer<typeof conversationChangeSchema>;
