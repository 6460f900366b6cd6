import { z } from "zod";
import { CURSOR_PATTERN } from "../db/keyset-page";
import { idSchema } from "../db/id-schema";

/** A search page's cursor (search-conversations.ts): "<rank>_<lastMessageAt in ms>_<id>" of its last row. */
export const SEARCH_CURSOR_PATTERN = /^[1-3]_\d{1,15}_[a-z0-9]{1,40}$/;

export const CONVERSATION_STATUSES = ["open", "pending", "snoozed", "resolved"] as const;
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number];

/** The inbox's search parameters; anything malformed is ignored rather than failing the page. */
export const conversationFilterSchema = z.object({
  status: z.enum([...CONVERSATION_STATUSES, "all"]).catch("open").default("open"),
  channel: z.string().regex(/^[a-z_]{2,30}$/).optional().catch(undefined),
  assigned: z.enum(["me", "unassigned", "any"]).catch("any").default("any"),
  /** One inbox's conversations (a view per inbox). */
  inbox: idSchema.optional().catch(undefined),
  /** Conversations with this label (a view per label). */
  label: idSchema.optional().catch(undefined),
  q: z.string().trim().max(100).optional().catch(undefined).transform((q) => q || undefined),
  /** Keyset cursor of the last row of the previous page: "<lastMessageAt ms>_<id>", or a search's "<rank>_<ms>_<id>". */
  after: z
    .string()
    .refine((cursor) => CURSOR_PATTERN.test(cursor) || SEARCH_CURSOR_PATTERN.test(cursor))
    .optional()
    .catch(undefined),
});

export type ConversationFilter = z.infer<typeof conversationFilterSchema>;
