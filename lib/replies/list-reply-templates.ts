import "server-only";
import { assertAdmin } from "../auth/assert-admin";
import type { CurrentUser } from "../auth/current-user";
import { getDb } from "../db";

export type ReplyTemplateRow = { id: string; name: string; locale: string; body: string; parameters: string[]; updatedAt: Date };

/** Every template, by name and locale, for the admin page (agents get theirs through the composer). */
export async function listReplyTemplates(actor: CurrentUser): Promise<ReplyTemplateRow[]> {
  assertAdmin(actor);
  const templates = await getDb().replyTemplate.findMany({
    orderBy: [{ name: "asc" }, { locale: "asc" }],
    select: { id: true, name: true, locale: true, body: true, parameters: true, updatedAt: true },
  });
  // saveReplyTemplate stores the labels as an array of strings.
  return templates.map((template) => ({ ...template, parameters: template.parameters as string[] }));
}
